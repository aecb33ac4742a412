// BlazorChat browser helpers: Enter-to-send in the composer, layout and time zone, the theme across tabs. The message
// list's scrolling is in message-list.js.
// .NET never depends on a return value from here for correctness (bUnit runs with loose JS interop).
window.blazorChat = (function () {
    "use strict";

    const themeCookie = "blazorchat-theme";
    let channel;

    function themeChannel() {
        if (channel === undefined) {
            channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(themeCookie) : null;
        }
        return channel;
    }

    function readThemeCookie() {
        const match = document.cookie.match(/(?:^|;\s*)blazorchat-theme=(dark|light)/);
        return match ? match[1] : null;
    }

    function writeThemeCookie(value) {
        document.cookie = `${themeCookie}=${value}; path=/; max-age=31536000; samesite=lax`;
    }

    // Drafts live in sessionStorage under the key the composer's host names (data-draft-key): written here on every
    // keystroke, so what was typed while the server was away is kept too.
    function saveDraft(key, text) {
        if (!key) {
            return;
        }
        try {
            if (text) {
                sessionStorage.setItem(key, text);
            } else {
                sessionStorage.removeItem(key);
            }
        } catch {
            // storage full or refused: the draft lasts as long as the page
        }
    }

    return {
        // Enter sends (handled in .NET); here we only stop the browser from inserting the newline.
        attachComposer(host) {
            const textarea = host && host.querySelector("textarea");
            if (!textarea || textarea._chatComposer) {
                return;
            }
            textarea._chatComposer = true;
            textarea.addEventListener("input", () => saveDraft(host.dataset.draftKey, textarea.value));
            textarea.addEventListener("keydown", e => {
                if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
                    e.preventDefault();
                }
            });
        },

        // unlessTouch: not where the focus would pop up a keyboard over the conversation the person just opened.
        // unlessFocusedElsewhere: not when the person already put the focus on something else (tabbing while the
        // page loaded), which taking it away would undo.
        focusComposer(host, unlessTouch, unlessFocusedElsewhere) {
            const textarea = host && host.querySelector("textarea");
            if (!textarea || (unlessTouch && window.matchMedia("(pointer: coarse)").matches)) {
                return;
            }
            const active = document.activeElement;
            if (unlessFocusedElsewhere && active && active !== document.body && !host.contains(active)) {
                return;
            }
            textarea.focus({ preventScroll: true });
        },

        saveDraft,

        readDraft(key) {
            try {
                return sessionStorage.getItem(key);
            } catch {
                return null;
            }
        },

        // MudBlazor's Md breakpoint: below it the responsive drawer overlays the page.
        isNarrow() {
            return window.matchMedia("(max-width: 959.98px)").matches;
        },

        // Tells the page whether it is seen (a background tab marks nothing read) whenever that changes, and
        // returns whether it is hidden now.
        watchVisibility(page) {
            if (window._chatVisibility) {
                document.removeEventListener("visibilitychange", window._chatVisibility);
            }
            const report = () => page.invokeMethodAsync("SetHidden", document.visibilityState === "hidden").catch(() => { });
            window._chatVisibility = report;
            document.addEventListener("visibilitychange", report);
            return document.visibilityState === "hidden";
        },

        timeZone() {
            try {
                return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
            } catch {
                return null;
            }
        },

        // The theme lives in a cookie, so that the server renders every page in it (Components/Layout/ThemeCookie.cs);
        // other tabs of this browser hear of a change on a BroadcastChannel and follow it.
        setTheme(value) {
            writeThemeCookie(value);
            try {
                themeChannel()?.postMessage(value);
            } catch {
                // no channel: other tabs pick the theme up when they next load
            }
        },

        // Calls page.FollowTheme(value) whenever another tab changes the theme; returns the cookie's theme now.
        watchTheme(page) {
            const channel = themeChannel();
            if (channel) {
                channel.onmessage = e => {
                    if (e.data === "dark" || e.data === "light") {
                        page.invokeMethodAsync("FollowTheme", e.data).catch(() => { });
                    }
                };
            }
            return readThemeCookie();
        },
    };
})();

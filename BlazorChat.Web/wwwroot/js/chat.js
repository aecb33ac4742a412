// BlazorChat browser helpers: Enter-to-send in the composer, layout and time zone, theme memory. The message
// list's scrolling is in message-list.js.
// .NET never depends on a return value from here for correctness (bUnit runs with loose JS interop).
window.blazorChat = (function () {
    "use strict";

    const themeKey = "blazorChat.theme";

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
        focusComposer(host, unlessTouch) {
            const textarea = host && host.querySelector("textarea");
            if (!textarea || (unlessTouch && window.matchMedia("(pointer: coarse)").matches)) {
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

        getTheme() {
            try {
                return localStorage.getItem(themeKey);
            } catch {
                return null;
            }
        },

        setTheme(value) {
            try {
                localStorage.setItem(themeKey, value);
            } catch {
                // private mode: the choice lasts for this page only
            }
        },
    };
})();

// BlazorChat browser helpers: scrolling of the message list, Enter-to-send in the composer, theme memory.
// .NET never depends on a return value from here for correctness (bUnit runs with loose JS interop).
window.blazorChat = (function () {
    "use strict";

    // How close to the bottom (px) still counts as "reading the newest message".
    const pinSlack = 64;
    const themeKey = "blazorChat.theme";

    function distanceFromBottom(el) {
        return el.scrollHeight - el.scrollTop - el.clientHeight;
    }

    function setPinned(el, pinned) {
        if (el._chatPinned === pinned) {
            return;
        }
        el._chatPinned = pinned;
        if (el._chatRef) {
            el._chatRef.invokeMethodAsync("SetPinned", pinned).catch(() => { /* circuit gone */ });
        }
    }

    return {
        // Tracks whether the reader is at the bottom of the list and tells .NET when that changes.
        attachScroller(el, dotNetRef) {
            if (!el || el._chatAttached) {
                return;
            }
            el._chatAttached = true;
            el._chatPinned = true;
            el._chatRef = dotNetRef;
            el.addEventListener("scroll", () => setPinned(el, distanceFromBottom(el) <= pinSlack), { passive: true });
        },

        detachScroller(el) {
            if (el) {
                el._chatRef = null;
            }
        },

        scrollToBottom(el) {
            if (!el) {
                return;
            }
            el.scrollTop = el.scrollHeight;
            setPinned(el, true);
        },

        // New messages were rendered: follow them only if the reader was at the bottom.
        messagesAppended(el) {
            if (!el) {
                return;
            }
            if (el._chatPinned !== false) {
                el.scrollTop = el.scrollHeight;
            } else if (el._chatRef) {
                el._chatRef.invokeMethodAsync("SetPinned", false).catch(() => { });
            }
        },

        // Older messages are about to be prepended: keep what the reader sees where it is.
        rememberPosition(el) {
            if (el) {
                el._chatFromBottom = el.scrollHeight - el.scrollTop;
            }
        },

        restorePosition(el) {
            if (el && typeof el._chatFromBottom === "number") {
                el.scrollTop = el.scrollHeight - el._chatFromBottom;
                el._chatFromBottom = undefined;
            }
        },

        // Enter sends (handled in .NET); here we only stop the browser from inserting the newline.
        attachComposer(host) {
            const textarea = host && host.querySelector("textarea");
            if (!textarea || textarea._chatComposer) {
                return;
            }
            textarea._chatComposer = true;
            textarea.addEventListener("keydown", e => {
                if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
                    e.preventDefault();
                }
            });
        },

        focusComposer(host) {
            const textarea = host && host.querySelector("textarea");
            if (textarea) {
                textarea.focus();
            }
        },

        // MudBlazor's Md breakpoint: below it the responsive drawer overlays the page.
        isNarrow() {
            return window.matchMedia("(max-width: 959.98px)").matches;
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

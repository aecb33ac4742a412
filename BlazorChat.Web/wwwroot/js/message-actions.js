// Message actions in the browser: while a composer offers @names, the keys that pick one (↑ ↓ Tab Esc) must not
// also move the caret or the focus. Enter is already kept from adding a line (chat.js). .NET handles the keys.
Object.assign(window.blazorChat, {
    trapMentionKeys(host, open) {
        const textarea = host && host.querySelector("textarea");
        if (!textarea) {
            return;
        }
        textarea._chatMentionsOpen = open;
        if (!textarea._chatMentionKeys) {
            textarea._chatMentionKeys = true;
            textarea.addEventListener("keydown", e => {
                if (textarea._chatMentionsOpen && ["ArrowUp", "ArrowDown", "Tab", "Escape"].includes(e.key)) {
                    e.preventDefault();
                }
            });
        }
    },
});

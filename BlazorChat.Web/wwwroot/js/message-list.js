// The message list: keeps what the reader reads in place while pages of messages come and go, follows the
// newest message at the bottom, asks .NET for the next page near either end, and remembers the reading position
// in the tab's session storage so that a page which lost its circuit reopens where the reader was.
// .NET never depends on a return value from here for correctness (bUnit runs with loose JS interop).
Object.assign(window.blazorChat, (function () {
    "use strict";

    // How close to the bottom (px) still counts as "reading the newest message".
    const pinSlack = 64;
    // How often, at most, the reading position is written to session storage while scrolling (ms).
    const saveEvery = 250;
    const positionKey = "blazorChat.scroll:";
    const attached = new Set();

    // A position read back after the circuit was lost, applied as soon as its message is rendered (before paint).
    let pendingRestore = null;

    function distanceFromBottom(el) {
        return el.scrollHeight - el.scrollTop - el.clientHeight;
    }

    // At the bottom of a list that ends with the conversation's newest message.
    function atNewest(el) {
        return distanceFromBottom(el) <= pinSlack && el.dataset.hasNewer !== "true";
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

    function messagesOf(el) {
        return el.querySelectorAll(":scope > .chat-message");
    }

    // A message's distance from the top of the list's content: unchanged by scrolling, changed by what is added
    // or removed above it.
    function contentY(el, node) {
        return node.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop;
    }

    // The first message not entirely above the visible part of the list: what the reader is reading.
    function firstVisible(el) {
        const nodes = messagesOf(el);
        const top = el.getBoundingClientRect().top;
        let low = 0, high = nodes.length - 1, found = null;
        while (low <= high) {
            const middle = (low + high) >> 1;
            if (nodes[middle].getBoundingClientRect().bottom > top) {
                found = nodes[middle];
                high = middle - 1;
            } else {
                low = middle + 1;
            }
        }
        return found;
    }

    function pickAnchor(el) {
        const node = firstVisible(el);
        el._chatAnchor = node ? { node, y: contentY(el, node) } : null;
    }

    // Scrolls so that the message starts `offset` px below the list's top.
    function place(el, node, offset) {
        el.scrollTop += node.getBoundingClientRect().top - el.getBoundingClientRect().top - offset;
        el._chatPinned = null; // .NET placed the reader afresh: tell it where they are, even if unchanged here
        setPinned(el, atNewest(el));
        pickAnchor(el);
    }

    function save(el) {
        const key = el.dataset.scrollKey;
        if (!key || (pendingRestore && pendingRestore.key === key) || messagesOf(el).length === 0) {
            return; // nothing worth remembering yet, or the remembered position is still to be restored
        }
        let position = { bottom: true };
        if (!el._chatPinned) {
            const node = firstVisible(el);
            if (node) {
                position = { seq: Number(node.dataset.seq), offset: node.getBoundingClientRect().top - el.getBoundingClientRect().top };
            }
        }
        try {
            sessionStorage.setItem(positionKey + key, JSON.stringify(position));
        } catch {
            // storage full or disabled: the page opens at the newest message next time
        }
    }

    function scheduleSave(el) {
        if (!el._chatSaveTimer) {
            el._chatSaveTimer = setTimeout(() => { el._chatSaveTimer = 0; save(el); }, saveEvery);
        }
    }

    // Near the top of a list with older messages, or the bottom of one with newer: ask .NET for the next page.
    function checkEdges(el) {
        if (el._chatBusy || !el._chatRef || !el.isConnected) {
            return;
        }
        const edge = Math.max(200, el.clientHeight);
        let older = null;
        if (el.dataset.hasOlder === "true" && el.scrollTop < edge) {
            older = true;
        } else if (el.dataset.hasNewer === "true" && distanceFromBottom(el) < edge) {
            older = false;
        }
        if (older === null) {
            return;
        }
        el._chatBusy = true;
        el._chatRef.invokeMethodAsync("LoadMore", older).then(
            loaded => {
                el._chatBusy = false;
                if (loaded) {
                    requestAnimationFrame(() => checkEdges(el)); // still near the edge? the next page
                } // nothing came (a passing fault): the next scroll asks again, not the next frame
            },
            () => { el._chatBusy = false; /* circuit gone: the next scroll asks again */ });
    }

    function onScroll(el) {
        el._chatFrame = 0;
        setPinned(el, atNewest(el));
        pickAnchor(el);
        scheduleSave(el);
        checkEdges(el);
    }

    // Messages were added or removed (Blazor applied a render): keep what the reader reads where it was, or
    // follow the newest message, or put back a remembered position.
    function onRendered(el) {
        const restore = pendingRestore;
        if (restore && restore.key === el.dataset.scrollKey) {
            const node = el.querySelector(`:scope > .chat-message[data-seq="${restore.seq}"]`);
            if (node) {
                pendingRestore = null;
                place(el, node, restore.offset);
                return;
            }
        }
        const anchor = el._chatAnchor;
        if (el._chatPinned) {
            el.scrollTop = el.scrollHeight;
        } else if (anchor && anchor.node.isConnected) {
            const moved = contentY(el, anchor.node) - anchor.y;
            if (moved !== 0) {
                el.scrollTop += moved;
            }
        }
        pickAnchor(el);
        requestAnimationFrame(() => checkEdges(el));
    }

    window.addEventListener("pagehide", () => attached.forEach(save));

    return {
        // Tracks the reader's position in the list: at the bottom or not (told to .NET), what they read (kept in
        // place as messages come and go, remembered in session storage), and nearing either end (to load more).
        attachScroller(el, dotNetRef) {
            if (!el || el._chatAttached) {
                return;
            }
            el._chatAttached = true;
            el._chatPinned = true;
            el._chatRef = dotNetRef;
            el.addEventListener("scroll", () => {
                if (!el._chatFrame) {
                    el._chatFrame = requestAnimationFrame(() => onScroll(el));
                }
            }, { passive: true });
            el._chatObserver = new MutationObserver(() => onRendered(el));
            el._chatObserver.observe(el, { childList: true });
            attached.add(el);
        },

        detachScroller(el) {
            if (el) {
                el._chatRef = null;
                if (el._chatObserver) {
                    el._chatObserver.disconnect();
                }
                attached.delete(el);
            }
        },

        scrollToBottom(el) {
            if (!el) {
                return;
            }
            if (pendingRestore && pendingRestore.key === el.dataset.scrollKey) {
                pendingRestore = null;
            }
            el.scrollTop = el.scrollHeight;
            setPinned(el, true);
            pickAnchor(el);
            scheduleSave(el);
        },

        // Puts message `seq` `offset` px below the list's top.
        scrollToMessage(el, seq, offset) {
            if (!el) {
                return;
            }
            if (pendingRestore && pendingRestore.key === el.dataset.scrollKey) {
                pendingRestore = null;
            }
            const node = el.querySelector(`:scope > .chat-message[data-seq="${seq}"]`);
            if (node) {
                place(el, node, offset);
            } else {
                el.scrollTop = el.scrollHeight; // that message is gone: the newest, then
                setPinned(el, atNewest(el));
            }
        },

        // Where the reader was in this conversation in this tab before the page was lost: { seq, offset }, or
        // null for the newest message. It is restored as soon as that message is rendered.
        savedPosition(key) {
            let position = null;
            try {
                position = JSON.parse(sessionStorage.getItem(positionKey + key) || "null");
            } catch {
                return null;
            }
            if (!position || typeof position.seq !== "number" || typeof position.offset !== "number") {
                return null;
            }
            pendingRestore = { key, seq: position.seq, offset: position.offset };
            return { seq: position.seq, offset: position.offset };
        }
    };
})());

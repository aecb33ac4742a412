// Noticing while the reader looks elsewhere: the favicon's count badge, desktop notifications and an optional
// sound. The tab title's count is rendered by .NET (<PageTitle>); which messages are worth it is decided there too.
// Notification permission is asked only from a click on an element marked data-notices-enable: this listener runs
// inside the click itself, as browsers require, not after a round trip to the server.
window.blazorChatNotices = (function () {
    "use strict";

    const enabledKey = "blazorChat.notifications"; // "off" once the reader turned them off here
    const soundKey = "blazorChat.sound";           // "on" once the reader turned the sound on (off by default)
    let page = null;      // .NET: opens a notification's conversation
    let control = null;   // .NET: the app bar control, told when the permission changes
    let audio = null;     // one AudioContext, created in a click so that browsers let it play
    let badgeAsked = 0;   // the newest count asked for: a slower drawing of an older one is dropped
    let beeps = 0;

    function read(key) {
        try { return localStorage.getItem(key); } catch { return null; }
    }

    function write(key, value) {
        try { localStorage.setItem(key, value); } catch { /* private mode: for this page only */ }
    }

    function supported() {
        return typeof window.Notification === "function";
    }

    function settings() {
        return {
            supported: supported(),
            permission: supported() ? String(Notification.permission) : "unsupported",
            enabled: read(enabledKey) !== "off",
            sound: read(soundKey) === "on",
        };
    }

    function tell() {
        if (control) {
            control.invokeMethodAsync("SettingsChanged", settings()).catch(() => { });
        }
    }

    async function requestPermission() {
        if (!supported() || Notification.permission !== "default") {
            return;
        }
        try {
            await Notification.requestPermission();
        } catch {
            // an old browser or a refusal: the permission says which
        }
        if (Notification.permission === "granted") {
            write(enabledKey, "on");
        }
        tell();
    }

    function unlockAudio() {
        try {
            audio = audio || new AudioContext();
            if (audio.state === "suspended") {
                audio.resume().catch(() => { });
            }
        } catch {
            audio = null; // no WebAudio: no sound
        }
    }

    // A short two-tone chime made here, so there is no sound file to load.
    function beep() {
        unlockAudio();
        if (!audio) {
            return;
        }
        beeps++;
        const t = audio.currentTime;
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.type = "sine";
        tone.frequency.setValueAtTime(880, t);
        tone.frequency.setValueAtTime(660, t + 0.09);
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.12, t + 0.01);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
        tone.connect(gain).connect(audio.destination);
        tone.start(t);
        tone.stop(t + 0.3);
    }

    document.addEventListener("click", e => {
        const target = e.target instanceof Element ? e.target : null;
        if (target && target.closest("[data-notices-enable]")) {
            requestPermission();
        }
        if (target && target.closest("[data-notices-sound]")) {
            unlockAudio(); // the click that turns the sound on is what lets it play later
        }
    }, true);

    function icon() {
        return document.querySelector("link[rel~='icon']");
    }

    return {
        // The page that opens conversations, and the control that shows the settings; returns the settings.
        register(pageRef, controlRef) {
            if (pageRef) {
                page = pageRef;
            }
            if (controlRef) {
                control = controlRef;
            }
            return settings();
        },

        settings,

        setEnabled(on) {
            write(enabledKey, on ? "on" : "off");
            return settings();
        },

        setSound(on) {
            write(soundKey, on ? "on" : "off");
            if (on) {
                beep(); // so the reader hears what they chose
            }
            return settings();
        },

        // Draws the count on the favicon (on a canvas, from the app's own icon); 0 puts the plain icon back.
        setBadge(count) {
            const link = icon();
            if (!link) {
                return;
            }
            if (!link.dataset.plainHref) {
                link.dataset.plainHref = link.href;
                link.dataset.plainType = link.type || "";
            }
            const asked = ++badgeAsked;
            if (!count) {
                link.type = link.dataset.plainType;
                link.href = link.dataset.plainHref;
                delete link.dataset.badge;
                return;
            }
            const image = new Image();
            image.onload = () => {
                if (asked !== badgeAsked) {
                    return;
                }
                const size = 64;
                const canvas = document.createElement("canvas");
                canvas.width = canvas.height = size;
                const g = canvas.getContext("2d");
                g.drawImage(image, 0, 0, size, size);
                const text = count > 99 ? "99+" : String(count);
                const r = text.length > 1 ? 21 : 18;
                g.fillStyle = "#d32f2f";
                g.beginPath();
                g.arc(size - r, r, r, 0, 2 * Math.PI);
                g.fill();
                g.fillStyle = "#fff";
                g.font = `bold ${text.length > 2 ? 18 : 26}px sans-serif`;
                g.textAlign = "center";
                g.textBaseline = "middle";
                g.fillText(text, size - r, r + 1);
                link.type = "image/png";
                link.href = canvas.toDataURL("image/png");
                link.dataset.badge = text;
            };
            image.src = link.dataset.plainHref;
        },

        // A direct message or a mention the reader cannot see: the sound if chosen, and a desktop notification if
        // the tab is hidden and notifications are allowed. Clicking it brings the tab forward on that conversation.
        announce(notice) {
            if (read(soundKey) === "on") {
                beep();
            }
            const s = settings();
            if (document.visibilityState !== "hidden" || s.permission !== "granted" || !s.enabled) {
                return false;
            }
            try {
                const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag, icon: icon()?.dataset.plainHref });
                shown.onclick = () => {
                    window.focus();
                    shown.close();
                    if (page) {
                        page.invokeMethodAsync("OpenConversation", notice.href).catch(() => { });
                    }
                };
                return true;
            } catch {
                return false; // e.g. Android Chrome allows notifications only from a service worker
            }
        },

        get beeps() {
            return beeps;
        },
    };
})();

// Loaded in <head>, before the page is painted. The server renders the theme of the "blazorchat-theme" cookie
// (Components/Layout/ThemeCookie.cs); on a first visit there is none, so the system's preference becomes the cookie,
// and if that is not what the server rendered the page is loaded again before it is ever shown.
(function () {
    "use strict";
    if (/(?:^|;\s*)blazorchat-theme=(dark|light)/.test(document.cookie)) {
        return;
    }
    let earlier = null; // the choice of versions that kept it in localStorage
    try {
        earlier = localStorage.getItem("blazorChat.theme");
    } catch {
    }
    const wanted = earlier === "dark" || earlier === "light" ? earlier
        : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    document.cookie = `blazorchat-theme=${wanted}; path=/; max-age=31536000; samesite=lax`;
    const stored = document.cookie.indexOf(`blazorchat-theme=${wanted}`) >= 0; // cookies may be off: never loop
    if (stored && document.documentElement.dataset.theme !== wanted) {
        document.documentElement.style.visibility = "hidden";
        location.reload();
    }
})();

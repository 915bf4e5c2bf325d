// Dev-server only: reloads the page when a good rebuild changed it, and shows build
// errors in an overlay while the last good site stays on screen. Text is set with
// textContent, never as HTML, so an error message cannot inject markup.
//
// The server answers the long poll when this page's bytes changed since the version
// it knows, or the errors did; "page" is the version this page last changed in, and
// the script's own `?v=` the version the page on screen was served from. An answer
// with nothing new (the poll's time ran out, or the server had too many waiting)
// is followed by a second's pause, so that the script never asks in a tight loop.
//
// The server fills in the overlay's title, in the book's language, before serving this.
(() => {
  "use strict";
  const TITLE = ROTSYSTEM_OVERLAY_TITLE;
  const served = Number(new URL(document.currentScript.src).searchParams.get("v") || 0);
  const page = encodeURIComponent(location.pathname);
  let version = null;
  const show = (state) => {
    let box = document.getElementById("rotsystem-overlay");
    if (!state.errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "rotsystem-overlay";
      box.setAttribute("role", "alert");
      Object.assign(box.style, {
        position: "fixed", inset: "0 0 auto 0", maxHeight: "70vh", overflow: "auto", zIndex: "2147483647",
        background: "#1b1b1b", color: "#fff", padding: "1rem", borderBottom: "4px solid #e5484d",
        font: "14px/1.45 ui-monospace, monospace",
      });
      document.body.prepend(box);
    }
    const title = document.createElement("strong");
    title.textContent = TITLE;
    const items = state.errors.map((text) => {
      const pre = document.createElement("pre");
      pre.textContent = text;
      pre.style.whiteSpace = "pre-wrap";
      return pre;
    });
    box.replaceChildren(title, ...items);
  };
  const poll = async () => {
    try {
      const response = await fetch(`/__rotsystem/poll?page=${page}&v=${version ?? ""}`, { cache: "no-store" });
      const state = await response.json();
      if (state.page > served && !state.errors.length) {
        location.reload();
        return;
      }
      const unchanged = version !== null && state.version === version;
      version = state.version;
      show(state);
      if (unchanged) await new Promise((resolve) => setTimeout(resolve, 1000));
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    poll();
  };
  poll();
})();

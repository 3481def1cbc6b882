// Shared kiosks: a page restored from the back/forward cache after sign-out must not show
// anything of the person before. Reload such pages, so the server decides what is shown.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    window.location.reload();
  }
});

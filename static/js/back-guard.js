// Shared kiosks: a page restored from the back/forward cache after sign-out must not show
// anything of the person before. Reload such pages, so the server decides what is shown.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    window.location.reload();
  }
});

// A page shown in answer to a form (a quiz with a missing answer, a wrong PIN) would come back on
// Back only as the browser's "Confirm Form Resubmission" page. Replacing its history entry makes
// Back load it with GET: the address the page names (the lesson), else its own.
const address = document.querySelector('meta[name="page-address"]')?.content;
history.replaceState(history.state, "", address ? address + window.location.hash : window.location.href);

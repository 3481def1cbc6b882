// A "Print" button for pages made to be printed (certificates, sign-in cards, the report).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

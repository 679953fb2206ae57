// The desk (no inline handlers: the Content-Security-Policy refuses them).
// After a card is scanned, its field is emptied for the next card; after an action in a
// row (check in, check out), focus goes back to the search, ready for the next person.
document.addEventListener("htmx:afterRequest", (event) => {
  const source = event.detail.elt;
  const form = source.closest("[data-reset-after-request]");
  if (form) form.reset();
  const desk = source.closest("[data-focus-after-post]");
  if (desk && event.detail.requestConfig.verb === "post") {
    document.getElementById(desk.dataset.focusAfterPost)?.focus();
  }
});

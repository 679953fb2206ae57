// The header's menus are <details> disclosures: they open and close without JavaScript.
// With it, a click elsewhere or Escape closes the open one (focus back on its summary).
document.addEventListener("click", (event) => {
  for (const open of document.querySelectorAll("details.disclosure[open]")) {
    if (!open.contains(event.target)) open.removeAttribute("open");
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const open of document.querySelectorAll("details.disclosure[open]")) {
    open.removeAttribute("open");
    if (open.contains(document.activeElement)) open.querySelector("summary").focus();
  }
});

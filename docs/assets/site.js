/* The flagship site's own fix for every page: Material's search dialog has no accessible name. */
document.querySelectorAll("[role=dialog]:not([aria-label]):not([aria-labelledby])").forEach(function (dialog) {
  dialog.setAttribute("aria-label", "Search");
});

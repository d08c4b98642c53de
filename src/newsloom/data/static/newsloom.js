// newsloom web app: the one small script. Pages work without it; it adds an "open all
// evidence" button to a brief and "/" to jump to the search box.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("button.expand-all");
  const claims = document.querySelectorAll("details.claim");
  if (button && claims.length) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = button.dataset.open !== "true";
      claims.forEach((d) => { d.open = open; });
      button.dataset.open = String(open);
      button.textContent = open ? "close all evidence" : "open all evidence";
    });
  }
  const search = document.querySelector("form.search input[name=q]");
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (event.key === "/" && search && !typing) {
      event.preventDefault();
      search.focus();
    }
  });
});

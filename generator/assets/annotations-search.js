/* Search with Pagefind (the plugin's option `search: pagefind`), for archives too large for an
 * index that every page downloads.
 *
 * A button in the header (and the keys / and s, as in Material) opens a dialog. Only then are
 * Pagefind's interface and its first chunks fetched: a page load fetches nothing for search. A
 * result opens its page with the words searched for (?h=), where the article's script lands on
 * the paragraph that holds them. The index is in the folder `pagefind/` beside `assets/`.
 */
(function () {
  "use strict";
  // Written in by the generator: the way from this script to the site's root, and the site's words.
  var SITE = {"root": "../", "labels": {"search": "Search", "close": "Close", "unavailable": "Search is not available on this copy of the site."}};
  var LABELS = SITE.labels;
  var script = document.currentScript;
  if (!script || document.querySelector(".annotations-search-button")) return;
  var bundle = new URL("../pagefind/", script.src).href;
  var siteRoot = new URL(SITE.root, script.src).pathname;  // results give addresses from the site's root
  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 ' +
    '6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 ' +
    '6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  var dialog = null;
  var loading = null;

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = Object.assign(document.createElement(tag), attributes, { onload: resolve, onerror: reject });
      document.head.appendChild(element);
    });
  }

  function makeDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "annotations-search";
    dialog.setAttribute("aria-label", LABELS.search);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "annotations-search__close";
    close.textContent = LABELS.close;
    close.addEventListener("click", function () { dialog.close(); });
    var place = document.createElement("div");
    place.className = "annotations-search__ui";
    dialog.append(close, place);
    // A tap on the backdrop closes it; choosing a result too (under instant navigation no page loads).
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.closest("a[href]")) dialog.close();
    });
    document.body.appendChild(dialog);
    if (window.location.protocol === "file:") {  // Pagefind fetches its index, which a browser refuses from file://
      place.textContent = LABELS.unavailable;
      loading = Promise.resolve();
      return;
    }
    loading = Promise.all([
      load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
      load("script", { src: bundle + "pagefind-ui.js" })
    ]).then(function () {
      new window.PagefindUI({ element: place, bundlePath: bundle, baseUrl: siteRoot, showSubResults: true,
                              highlightParam: "h", showImages: false, resetStyles: false });
    }).catch(function () {
      place.textContent = LABELS.unavailable;  // no index here (`mkdocs serve` writes none)
    });
  }

  function open() {
    if (!dialog) makeDialog();
    if (!dialog.open) dialog.showModal();
    loading.then(function () {
      var input = dialog.querySelector("input");
      if (input) input.focus();
    });
  }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon annotations-search-button";
  button.setAttribute("aria-label", LABELS.search);
  button.title = LABELS.search;
  button.innerHTML = ICON;
  button.addEventListener("click", open);
  var header = document.querySelector(".md-header__inner");
  if (header) {
    header.insertBefore(button, header.querySelector(".md-header__source"));
  } else {
    button.classList.add("annotations-search-button--alone");  // another theme: a button of its own
    document.body.prepend(button);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || (event.key !== "/" && event.key !== "s")) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return;
    event.preventDefault();
    open();
  });

  // The dialog in the theme's colours and type (Pagefind's interface reads these variables).
  var style = document.createElement("style");
  style.textContent =
    ".annotations-search{width:min(46rem,100vw - 1rem);max-height:min(40rem,100vh - 2rem);padding:1rem;" +
    "border:0;border-radius:.2rem;color:var(--md-typeset-color,inherit);background:var(--md-default-bg-color,#fff);" +
    "box-shadow:var(--md-shadow-z3,0 .2rem .5rem rgba(0,0,0,.3));" +
    "--pagefind-ui-primary:var(--md-accent-fg-color,#034ad8);--pagefind-ui-text:var(--md-typeset-color,#393939);" +
    "--pagefind-ui-background:var(--md-default-bg-color,#fff);--pagefind-ui-border:var(--md-default-fg-color--lighter,#eee);" +
    "--pagefind-ui-tag:var(--md-default-fg-color--lightest,#eee);--pagefind-ui-font:var(--md-text-font-family,inherit)}" +
    ".annotations-search::backdrop{background:rgba(0,0,0,.54)}" +
    ".annotations-search__close{float:inline-end;margin-block-end:.5rem;padding:.2rem .6rem;font:inherit;cursor:pointer;" +
    "color:inherit;background:none;border:1px solid currentColor;border-radius:.2rem}" +
    ".annotations-search__ui{clear:both}" +
    ".annotations-search-button--alone{position:fixed;inset-block-start:.5rem;inset-inline-end:.5rem;z-index:5;" +
    "width:2.4rem;height:2.4rem;padding:.4rem;background:none;border:0;cursor:pointer}";
  document.head.appendChild(style);
})();

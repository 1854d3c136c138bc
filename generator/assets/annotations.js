/* Reader cards and sidenotes for annotated articles.
 *
 * Cards: hovering, focusing or tapping a person, term, quote or note marker shows its card (the
 * page holds them as JSON in script.annotation-cards); Escape or a tap elsewhere closes it. On touch
 * screens the first tap on a link opens its card, which holds the link. Sidenotes: where the
 * window is wide, each note also sits in the margin beside its passage; the numbered footnotes
 * stay in the page for print, search and readers without JavaScript.
 * Nothing is loaded from anywhere; without JavaScript, the page keeps its titles and footnotes.
 */
(function () {
  "use strict";
  // Material's search dialog has no accessible name of its own.
  document.querySelectorAll("[role=dialog]:not([aria-label]):not([aria-labelledby])").forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search");
  });
  var body = document.querySelector(".article-body");
  if (!body) return;
  var TRIGGERS = "[data-speaker], [data-term], [data-quote-id], a.footnote-ref";
  var WIDE = window.matchMedia("(min-width: 100em)");
  var layer = document.createElement("div");
  layer.id = "annotation-card";
  layer.className = "annotation-card-layer";
  layer.setAttribute("role", "tooltip");
  layer.hidden = true;
  document.body.appendChild(layer);
  var current = null, hideTimer = null, touched = false, tapped = null;
  var cardData = document.querySelector("script.annotation-cards");
  var cards = cardData ? JSON.parse(cardData.textContent) : {};

  function cardId(el) {
    if (el.matches("a.footnote-ref")) return "card-note-" + el.getAttribute("href").split("#fn:")[1];
    if (el.hasAttribute("data-quote-id")) return "card-quote-" + el.getAttribute("data-quote-id");
    if (el.hasAttribute("data-term")) return "card-term-" + el.getAttribute("data-term");
    return "card-speaker-" + el.getAttribute("data-speaker");
  }

  // The cards replace the native title tooltips (kept in the HTML for readers without scripts).
  body.querySelectorAll(TRIGGERS).forEach(function (el) {
    if (el.hasAttribute("title")) {
      el.setAttribute("data-title", el.getAttribute("title"));
      el.removeAttribute("title");
    }
  });
  document.querySelectorAll(".footnote-backref[title]").forEach(function (el) {
    el.setAttribute("aria-label", el.getAttribute("title"));
    el.removeAttribute("title");
  });

  function show(el) {
    var card = cards[cardId(el)];
    if (!card) return;
    clearTimeout(hideTimer);
    if (current && current !== el) current.removeAttribute("aria-describedby");
    current = el;
    layer.innerHTML = card.html;
    layer.setAttribute("data-kind", card.kind);
    layer.hidden = false;
    el.setAttribute("aria-describedby", layer.id);
    var box = el.getBoundingClientRect();
    var width = Math.min(layer.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    layer.style.left = left + "px";
    layer.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    tapped = null;
    layer.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);  // time to move the pointer into the card
  }

  body.addEventListener("mouseover", function (event) {
    var el = event.target.closest(TRIGGERS);
    if (el && body.contains(el) && !touched) show(el);
  });
  body.addEventListener("mouseout", function (event) {
    var el = event.target.closest(TRIGGERS);
    if (el && !el.contains(event.relatedTarget)) hideSoon();
  });
  layer.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
  layer.addEventListener("mouseout", function (event) { if (!layer.contains(event.relatedTarget)) hideSoon(); });
  body.addEventListener("focusin", function (event) {
    var el = event.target.closest(TRIGGERS);
    if (el) show(el);
  });
  body.addEventListener("focusout", function (event) {
    if (!layer.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("touchstart", function () { touched = true; }, { passive: true });
  document.addEventListener("click", function (event) {
    var el = event.target.closest(TRIGGERS);
    if (el && body.contains(el)) {
      if (touched && tapped !== el) {  // first tap: the card, which holds the link
        event.preventDefault();
        show(el);
        tapped = el;
      }
      return;
    }
    if (!layer.contains(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !layer.hidden) hide();
  });

  // Sidenotes: each note beside its marker, in the margin the table of contents gives up.
  var notes = Array.prototype.slice.call(document.querySelectorAll(".footnote li[id^='fn:']"));
  var container = body.parentElement;
  function placeSidenotes() {
    document.querySelectorAll(".sidenote").forEach(function (n) { n.remove(); });
    document.body.classList.toggle("has-sidenotes", WIDE.matches && notes.length > 0);
    if (!WIDE.matches || !notes.length) return;
    var origin = container.getBoundingClientRect().top + window.scrollY;
    var lowest = 0;
    notes.forEach(function (li) {
      var id = li.id.slice(3);
      var marker = document.getElementById("fnref:" + id);
      var card = cards["card-note-" + id];
      if (!marker || !card) return;
      var aside = document.createElement("aside");
      aside.className = "sidenote";
      aside.setAttribute("data-note", id);
      aside.setAttribute("aria-label", "Note " + marker.textContent);
      aside.innerHTML = card.html;
      container.appendChild(aside);
      var top = Math.max(marker.getBoundingClientRect().top + window.scrollY - origin, lowest);
      aside.style.top = top + "px";
      lowest = top + aside.offsetHeight + 12;
    });
  }
  placeSidenotes();
  WIDE.addEventListener("change", placeSidenotes);
  window.addEventListener("resize", function () { clearTimeout(placeSidenotes.timer); placeSidenotes.timer = setTimeout(placeSidenotes, 100); });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(placeSidenotes);

})();

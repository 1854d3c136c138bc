/* Reader cards, sidenotes and search landings for annotated articles.
 *
 * Cards: every annotation (a person, a term, a quote, a note marker, a speaker label) can be
 * reached by Tab and is described to assistive technology by its card's text. Pointing at one, or
 * letting focus rest on one, opens its card after a short pause, so Tab crosses the text one stop
 * an annotation with no card in the way. Enter or Space on an annotation that is not a link opens
 * its card at once; a card that holds links is then a non-modal dialog (WAI-ARIA APG): focus moves
 * into it, Tab past its last link moves on in the text, Escape closes it and returns to the
 * annotation. A card opened by a rest is a preview Tab passes by; without links it is a tooltip. On a phone
 * the card is a sheet at the bottom of the screen with a close button; a tap outside only closes it.
 * Sidenotes: where the window is wide, CSS gives the margin to the notes before the page is
 * painted, and each note is placed beside its marker (a copy for the eyes: assistive technology
 * and the keyboard use the numbered notes). Search: a page opened from a search result (?h=)
 * scrolls to the first paragraph or note that holds the words, and marks it.
 * Nothing is loaded from anywhere; without JavaScript, the page keeps its titles and footnotes.
 */
(function () {
  "use strict";
  // Under Material's instant navigation a page's content is replaced without a page load, and
  // Material's `document$` says so: each page is set up again, and what the last one added to
  // the document (its card layer, its listeners on the document and the window) is taken away.
  var running = null;
  var setUpFor = null;  // the title of the generated page set up last (null: a page of the site's own)

  // Only a generated page (its title has class annotations-page) is touched: the site's own pages,
  // whatever classes they use, are left as they are.
  function generatedTitle() {
    return document.querySelector(".annotations-page");
  }

  function setUp(swappedIn) {
    if (running) running.abort();
    running = new AbortController();
    var signal = running.signal;
    function on(target, type, listener, options) {
      target.addEventListener(type, listener, Object.assign({ signal: signal }, options || {}));
    }
    setUpFor = generatedTitle();
    if (!setUpFor) return;
    // A glossary split into letters: its old anchors (glossary/#<term-id>) lead to the page that lists the term now.
    var moved = document.querySelector("script.moved-anchors");
    var anchor = decodeURIComponent(window.location.hash.slice(1));
    if (moved && anchor && !document.getElementById(anchor)) {
      var movedTo = JSON.parse(moved.textContent)[anchor];
      if (movedTo) {
        window.location.replace(new URL(movedTo, window.location.href).href);
        return;
      }
    }
    var body = document.querySelector(".article-body[data-article]");
    if (!body) return;
    if (swappedIn) {
      // Material's components have already been mounted on the new page: its tooltips on every
      // [title], which would take over the annotations' descriptions. A copy of the text, made
      // before anything listens to it, carries none of them; the cards replace them all.
      var copy = body.cloneNode(true);
      body.replaceWith(copy);
      body = copy;
    }
    var TRIGGERS = "[data-speaker], [data-term], [data-quote-id], a.footnote-ref";
    var FOCUSABLE = "a[href], button, [tabindex='0']";
    var WIDE = window.matchMedia("(min-width: 76.25em)");  // Material's width for two sidebars: the notes take the second's place
    var SIDENOTE_DRIFT = 96;  // px: the farthest below its marker a sidenote may start; beyond, the marker opens its card
    var NARROW = window.matchMedia("(max-width: 44.9375em)");
    var HOVER_DELAY = 300;  // ms: a pointer passing over the text opens nothing
    var FOCUS_DELAY = 600;  // ms: Tab pressed on through the text opens nothing (as Wikipedia's link previews)
    var cardData = document.querySelector(".annotation-cards");  // JSON as text (see html-contract.md)
    var cards = cardData ? JSON.parse(cardData.textContent) : {};
    // The script's own words, in the site's language (English where a page has none).
    var labels = Object.assign({ close: "Close", copyLink: "Copy link", linkCopied: "Link copied", quote: "Quote: {name}" },
                               cardData && cardData.dataset.labels ? JSON.parse(cardData.dataset.labels) : {});

    function cardId(el) {
      if (el.matches("a.footnote-ref")) return "card-note-" + noteId(el);
      if (el.hasAttribute("data-quote-id")) return "card-quote-" + el.getAttribute("data-quote-id");
      if (el.hasAttribute("data-term")) return "card-term-" + el.getAttribute("data-term");
      return "card-speaker-" + el.getAttribute("data-speaker");
    }

    // Each card's text, once, for assistive technology to read as the annotation's description:
    // as text (a description is read flat), one element a card instead of a copy of its markup.
    var descriptions = document.createElement("div");
    descriptions.hidden = true;
    descriptions.className = "annotation-descriptions";
    var parsed = document.createElement("template");  // inert: parsed, never part of the page
    Object.keys(cards).forEach(function (id) {
      var text = document.createElement("div");
      text.id = "describe-" + id;
      parsed.innerHTML = cards[id].html;
      parsed.content.querySelectorAll("br, p, li, div").forEach(function (el) { el.after(" "); });  // words apart
      text.textContent = parsed.content.textContent.replace(/\s+/g, " ").trim();
      descriptions.appendChild(text);
    });
    document.body.appendChild(descriptions);

    // Every annotation takes focus and is described by its card (its words are in data-title too,
    // for other scripts).
    body.querySelectorAll(TRIGGERS).forEach(function (el) {
      var id = cardId(el);
      if (!cards[id]) return;
      if (!el.matches("a[href]")) {
        el.setAttribute("tabindex", "0");
        // A button, named by its own words; a quote that holds links stays a plain focusable passage.
        if (!el.querySelector("a[href], [data-speaker], [data-term]")) el.setAttribute("role", "button");
      }
      el.setAttribute("aria-describedby", "describe-" + id);
      if (el.matches("a[href], [role=button]")) el.setAttribute("aria-controls", "annotation-card");
      opened(el, false);
    });
    document.querySelectorAll(".footnote-backref[title]").forEach(function (el) {
      el.setAttribute("aria-label", el.getAttribute("title"));
      el.removeAttribute("title");
    });

    var layer = document.createElement("div");
    layer.id = "annotation-card";
    layer.className = "annotation-card-layer";
    layer.hidden = true;
    var content = document.createElement("div");
    content.className = "annotation-card-content";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "annotation-card-close";
    close.setAttribute("aria-label", labels.close);
    close.textContent = "×";
    layer.appendChild(close);
    layer.appendChild(content);
    document.body.appendChild(layer);
    var current = null, hideTimer = null, showTimer = null, touched = false, tapped = null;
    var entered = false;  // the card was opened with Enter or Space: its links come next in the Tab order
    signal.addEventListener("abort", function () {  // the next page is set up: nothing of this one stays
      clearTimeout(hideTimer);
      clearTimeout(showTimer);
      clearTimeout(placeSidenotes.timer);
      layer.remove();
      descriptions.remove();
    });

    function opened(el, open) {  // whether its card shows: said to assistive technology where its role allows
      el.setAttribute("data-card-open", open ? "true" : "false");
      if (el.hasAttribute("aria-controls")) el.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function returnTo(el) {  // focus back on an annotation whose card was just closed, without reopening it
      if (!el) return;
      el.setAttribute("data-card-closed", "");
      el.focus({ preventScroll: true });
      el.removeAttribute("data-card-closed");
    }

    function noteId(marker) {  // a note marker's note id, from its href (#fn:ID)
      return marker.getAttribute("href").split("#fn:")[1];
    }

    function sidenoteShown(el) {
      return el.matches("a.footnote-ref") && document.querySelector(".sidenote[data-note='" + noteId(el) + "']");
    }

    function show(el) {
      var card = cards[cardId(el)];
      if (!card) return;
      clearTimeout(hideTimer);
      clearTimeout(showTimer);
      var aside = sidenoteShown(el);
      document.querySelectorAll(".sidenote.is-active").forEach(function (n) { n.classList.remove("is-active"); });
      if (aside) {  // the note is in the margin already: no card over it
        aside.classList.add("is-active");
        hide();
        return;
      }
      if (current && current !== el) opened(current, false);
      current = el;
      content.innerHTML = card.html;
      var copy = document.createElement("button");
      copy.type = "button";
      copy.className = "annotation-card-copy";
      copy.textContent = labels.copyLink;
      copy.setAttribute("data-permalink", permalink(el));
      content.appendChild(copy);
      var interactive = content.querySelector("a[href], button") !== null;
      layer.setAttribute("role", interactive ? "dialog" : "tooltip");
      var named = content.querySelector("strong");
      var name = named ? named.textContent : el.textContent.trim();
      var label = card.kind === "quote" ? labels.quote.replace("{name}", function () { return name; }) : name;
      if (interactive) layer.setAttribute("aria-label", label);
      else layer.removeAttribute("aria-label");
      layer.setAttribute("data-kind", card.kind);
      layer.classList.toggle("is-sheet", NARROW.matches);
      layer.hidden = false;
      opened(el, true);
      if (NARROW.matches) {  // a sheet at the bottom of the screen (CSS), always on screen
        layer.style.left = layer.style.top = "";
        return;
      }
      var box = el.getBoundingClientRect();
      var viewport = document.documentElement.clientWidth;
      var width = Math.min(layer.offsetWidth, viewport - 16);
      var left = Math.max(8, Math.min(box.left, viewport - width - 8));
      var below = box.bottom + 6, above = box.top - layer.offsetHeight - 6;
      var top = below + layer.offsetHeight > window.innerHeight && above > 0 ? above : below;  // flipped upward
      layer.style.left = (left + window.scrollX) + "px";
      layer.style.top = (top + window.scrollY) + "px";
    }

    // Each annotation's stable address: a note's footnote, a quote by its id, a person's or a
    // term's entry (the card's link to it).
    function permalink(el) {
      var page = window.location.href.split(/[?#]/)[0];
      if (el.matches("a.footnote-ref")) return page + "#fn:" + noteId(el);
      if (el.hasAttribute("data-quote-id")) return page + "#quote-" + el.getAttribute("data-quote-id");
      var links = content.querySelectorAll("a[href]");
      return links.length ? links[links.length - 1].href : page;
    }

    layer.addEventListener("click", function (event) {
      var copy = event.target.closest(".annotation-card-copy");
      if (!copy) return;
      var done = function () { copy.textContent = labels.linkCopied; };
      if (navigator.clipboard) navigator.clipboard.writeText(copy.getAttribute("data-permalink")).then(done, function () {});
    });

    function hide() {
      clearTimeout(showTimer);
      tapped = null;
      entered = false;
      layer.hidden = true;
      if (current) opened(current, false);
      current = null;
    }

    function hideSoon() {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 250);  // time to move the pointer into the card
    }

    function tabbable(root) {
      return Array.prototype.filter.call(root.querySelectorAll(FOCUSABLE), function (el) {
        return el.tabIndex >= 0 && !el.closest("[hidden], [aria-hidden='true']") && el.getClientRects().length > 0;
      });
    }

    body.addEventListener("mouseover", function (event) {
      var el = event.target.closest(TRIGGERS);
      if (!el || !body.contains(el) || touched) return;
      clearTimeout(hideTimer);
      if (el === current) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(el); }, HOVER_DELAY);
    });
    body.addEventListener("mouseout", function (event) {
      var el = event.target.closest(TRIGGERS);
      if (el && !el.contains(event.relatedTarget)) hideSoon();
    });
    layer.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
    layer.addEventListener("mouseout", function (event) { if (!layer.contains(event.relatedTarget)) hideSoon(); });
    body.addEventListener("focusin", function (event) {
      var el = event.target.closest(TRIGGERS);
      if (!el || touched || el.hasAttribute("data-card-closed") || el === current) return;
      clearTimeout(hideTimer);
      if (!layer.hidden) hide();  // the last annotation's card goes at once: nothing stands over the next
      showTimer = setTimeout(function () { show(el); }, FOCUS_DELAY);
    });
    body.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      var el = event.target.closest(TRIGGERS);
      if (!el || el !== event.target || el.matches("a[href]")) return;  // a link's Enter follows it
      event.preventDefault();
      if (el === current && !layer.hidden && entered) {
        hide();
        return;
      }
      show(el);
      entered = true;
      var links = layer.getAttribute("role") === "dialog" ? tabbable(content) : [];
      if (links.length) links[0].focus();
    });
    on(document, "focusout", function (event) {
      if (!layer.contains(event.relatedTarget) && event.relatedTarget !== current) hideSoon();
    });
    layer.addEventListener("focusin", function () { clearTimeout(hideTimer); });
    close.addEventListener("click", function () {
      var back = current;
      hide();
      returnTo(back);
    });

    // The card's links in the tab order, right after their annotation.
    on(document, "keydown", function (event) {
      if (layer.hidden) return;
      if (event.key === "Escape") {
        var back = current;
        var inside = layer.contains(document.activeElement);
        hide();
        if (inside) returnTo(back);
        return;
      }
      if (event.key !== "Tab" || layer.getAttribute("role") !== "dialog") return;
      if (!entered && !layer.contains(document.activeElement)) return;  // a preview: Tab moves on in the text
      var links = tabbable(content);
      if (!links.length || !current) return;
      if (document.activeElement === current && !event.shiftKey) {
        event.preventDefault();
        links[0].focus();
      } else if (layer.contains(document.activeElement)) {
        var at = links.indexOf(document.activeElement);
        if (event.shiftKey && at <= 0) {
          event.preventDefault();
          current.focus();
        } else if (!event.shiftKey && at === links.length - 1) {
          event.preventDefault();
          var order = tabbable(document);
          var next = order[order.indexOf(current) + 1];
          hide();
          if (next) next.focus();
        }
      }
    });

    on(document, "touchstart", function () { touched = true; }, { passive: true, capture: true });
    on(document, "click", function (event) {
      if (layer.contains(event.target)) return;
      var el = event.target.closest(TRIGGERS);
      if (el && body.contains(el)) {
        if (touched && tapped !== el) {  // first tap: the card, which holds the link
          event.preventDefault();
          show(el);
          tapped = el;
        }
        return;
      }
      if (!layer.hidden) {
        if (touched) {  // a tap outside an open card only closes it
          event.preventDefault();
          event.stopPropagation();
        }
        hide();
      }
    }, true);
    on(NARROW, "change", hide);

    // Sidenotes: each note beside its marker, in the margin that CSS keeps for them.
    var notes = Array.prototype.slice.call(document.querySelectorAll(".footnote li[id^='fn:']"));
    var container = body.parentElement;
    function placeSidenotes() {
      container.querySelectorAll(":scope > .sidenote").forEach(function (n) { n.remove(); });
      if (!WIDE.matches || !notes.length) return;
      var origin = container.getBoundingClientRect().top + window.scrollY;
      var lowest = 0;
      notes.forEach(function (li) {
        var id = li.id.slice(3);
        var marker = document.getElementById("fnref:" + id);
        var card = cards["card-note-" + id];
        if (!marker || !card) return;
        var aside = document.createElement("div");
        aside.className = "sidenote";
        aside.setAttribute("data-note", id);
        aside.setAttribute("aria-hidden", "true");  // the numbered notes are what assistive technology reads
        aside.innerHTML = card.html;
        aside.querySelectorAll("a").forEach(function (a) { a.tabIndex = -1; });
        container.appendChild(aside);
        var wanted = marker.getBoundingClientRect().top + window.scrollY - origin;
        var top = Math.max(wanted, lowest);
        if (top - wanted > SIDENOTE_DRIFT) {  // the notes above fill the margin here: a card, not a note far down
          aside.remove();
          return;
        }
        aside.style.top = top + "px";
        lowest = top + aside.offsetHeight + 12;
      });
    }
    placeSidenotes();
    on(WIDE, "change", placeSidenotes);
    on(window, "resize", function () { clearTimeout(placeSidenotes.timer); placeSidenotes.timer = setTimeout(placeSidenotes, 100); });
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(placeSidenotes);

    // A quote's permalink (#quote-ID): the quote is marked and in view.
    var quoted = window.location.hash.match(/^#quote-([a-z0-9-]+)$/);
    if (quoted) {
      var quote = body.querySelector("[data-quote-id='" + quoted[1] + "']");
      if (quote) {
        quote.classList.add("search-target");
        quote.scrollIntoView({ block: "center" });
      }
    }

    // Search: land on the paragraph, else the note, that holds the most of the words searched for
    // (the first of those), each word matched at a word's start by its stem, as the index matched
    // it ("negotiating" finds "negotiations"). Material's search gives the words in one parameter
    // (?h=a+b), Pagefind's one each (?h=a&h=b). A result for the notes (the Notes heading, or a
    // note's own heading, #note-ID) lands on a note, that one first.
    var searched = new URLSearchParams(window.location.search).getAll("h").join(" ");
    if (searched) {
      var patterns = searched.toLowerCase().split(/\s+/).filter(Boolean).map(function (word) {
        var stem = word.slice(0, Math.max(4, word.length - 3)).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        return new RegExp("(?:^|[^\\p{L}\\p{N}])" + stem, "iu");
      });
      var held = function (el) {
        var text = el.textContent;
        return patterns.filter(function (pattern) { return pattern.test(text); }).length;
      };
      var listed = document.getElementById("article-notes");
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      var forNotes = !!target && !!listed && (target === listed.previousElementSibling || listed.contains(target));
      var paragraphs = Array.prototype.slice.call(body.querySelectorAll("p[id]"));
      var places = forNotes ? notes.slice() : paragraphs.concat(notes);
      var asked = target && target.closest("li[id^='fn:']");
      if (asked) places.unshift(asked);
      var found = null, most = 0;
      places.forEach(function (place) {
        var count = held(place);
        if (count > most) { found = place; most = count; }
      });
      if (found) {
        found.classList.add("search-target");
        found.setAttribute("tabindex", "-1");
        found.scrollIntoView({ block: "center" });
        found.focus({ preventScroll: true });
      }
    }
  }

  // The first page at once, before Material's components read it (its tooltips take every
  // [title], which the cards replace); then each page Material's `document$` says it swapped in.
  setUp();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      if (generatedTitle() !== setUpFor) setUp(true);
    });
  }
})();

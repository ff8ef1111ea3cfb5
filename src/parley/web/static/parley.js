/* parley's own JavaScript: draws the Plotly charts from the JSON each page carries, and makes the article
   reader's highlights open their record. Everything works without it but the charts and the record panel. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function drawCharts() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-figure"));
      if (!source) {
        return;
      }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(element, figure.data, figure.layout, {
        responsive: true,
        displaylogo: false,
        modeBarButtonsToRemove: ["lasso2d", "select2d"],
      });
      // a point is an estimate: clicking it opens the article at the words it was read from
      element.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var url = point && point.customdata;
        if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
          window.location.assign(url);
        }
      });
    });
  }

  function setupReader() {
    var text = document.getElementById("article-text");
    var panel = document.getElementById("records");
    if (!text || !panel) {
      return;
    }
    var hint = panel.querySelector(".panel-hint");

    function show(recordId, focusCard) {
      var card = document.getElementById("r-" + recordId);
      if (!card) {
        return;
      }
      panel.querySelectorAll(".record.shown").forEach(function (c) { c.classList.remove("shown"); });
      text.querySelectorAll(".hl.selected").forEach(function (m) { m.classList.remove("selected"); });
      text.querySelectorAll(".hl[data-record]").forEach(function (m) {
        if (m.getAttribute("data-record") === recordId) {
          m.classList.add("selected");
        }
      });
      card.classList.add("shown");
      if (hint) {
        hint.hidden = true;
      }
      if (focusCard) {
        card.focus();
      } else if (window.matchMedia("(max-width: 860px)").matches) {
        card.scrollIntoView({ block: "nearest" });
      }
    }

    text.addEventListener("click", function (event) {
      var mark = event.target.closest(".hl[data-record]");
      if (mark) {
        show(mark.getAttribute("data-record"), false);
      }
    });
    text.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") {
        return;
      }
      var mark = event.target.closest(".hl[data-record]");
      if (mark) {
        event.preventDefault();
        show(mark.getAttribute("data-record"), true);
      }
    });
    // links inside a card to another highlight of this article ("in the statement")
    panel.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-show]");
      if (link) {
        show(link.getAttribute("data-show"), false);
      }
    });

    function fromHash() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var element = id ? document.getElementById(id) : null;
      if (!element || !text.contains(element)) {
        return;
      }
      // a cited passage shows the record of the statement inside it, if there is one
      var holder = element.hasAttribute("data-record") ? element : element.querySelector("[data-record]");
      if (holder) {
        show(holder.getAttribute("data-record"), false);
      }
      element.scrollIntoView({ block: "center" });
      if (element.hasAttribute("tabindex")) {
        element.focus({ preventScroll: true });
      }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  // on a phone the search form would fill the first screen: fold it once there are results to read
  function foldFilters() {
    var box = document.querySelector("details.filter-box[data-fold]");
    if (box && window.matchMedia("(max-width: 860px)").matches) {
      box.open = false;
    }
  }

  function start() {
    drawCharts();
    setupReader();
    foldFilters();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

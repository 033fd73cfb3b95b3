// Draws the dashboard's charts with Chart.js from the JSON the page carries
// (<script type="application/json" id="dashboard-charts">). No inline script: the page's CSP allows
// only files of our own. Colours come from the stylesheet's --tone-* variables (light and dark).
/* global document, getComputedStyle, Chart */
"use strict";

(function () {
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") return;
  var specs = JSON.parse(source.textContent || "[]");
  var style = getComputedStyle(document.documentElement);
  var css = function (name, fallback) {
    var v = style.getPropertyValue(name).trim();
    return v || fallback;
  };
  var tone = function (name) {
    return css("--tone-" + name, "#4e79a7");
  };
  var text = css("--muted", "#5b6472");
  var grid = css("--grid", "rgba(0,0,0,0.08)");

  Chart.defaults.font.family = css("--font", "system-ui, sans-serif");
  Chart.defaults.color = text;
  Chart.defaults.borderColor = grid;

  function dataset(spec, s) {
    var colour = Array.isArray(s.tone) ? s.tone.map(tone) : tone(s.tone);
    var base = { label: s.label, data: s.values, backgroundColor: colour, borderColor: colour };
    if (spec.kind === "line") {
      base.fill = false;
      base.pointRadius = spec.labels.length > 45 ? 0 : 3;
      base.borderWidth = 2;
    } else if (spec.kind === "bar") {
      base.borderRadius = 4;
      base.maxBarThickness = 48;
    } else {
      base.borderColor = css("--surface", "#fff");
      base.borderWidth = 2;
    }
    return base;
  }

  function options(spec) {
    var o = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: spec.kind !== "bar" || spec.series.length > 1, position: "bottom" } },
    };
    if (spec.kind !== "doughnut") {
      o.scales = {
        x: { grid: { display: false }, ticks: { autoSkip: spec.kind === "line", maxRotation: spec.kind === "line" ? 0 : 50 } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      };
      o.interaction = { mode: "index", intersect: false };
    } else {
      o.cutout = "62%";
    }
    return o;
  }

  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) return;
    new Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: spec.series.map(dataset.bind(null, spec)) },
      options: options(spec),
    });
    canvas.setAttribute("data-drawn", "true");
  });
})();

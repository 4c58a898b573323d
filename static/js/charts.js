// Draws every <canvas data-chart="ID"> from the JSON in <script type="application/json" id="ID">.
// No inline scripts are needed, so the CSP stays strict. Use {{ config|json_script:"ID" }} in templates;
// the config is a plain Chart.js config ({type, data, options}).
(function () {
  function draw(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || typeof Chart === "undefined") return;
      var config = JSON.parse(source.textContent);
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options || {});
      new Chart(canvas, config);
      canvas.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();

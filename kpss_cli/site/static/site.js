/* kpss render site: filters and search over the catalogue. An enhancement only: without this
   script every service is listed in plain HTML. No request to any server. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("services");
  if (!form || !list) { return; }
  var items = Array.prototype.slice.call(list.children);
  var count = document.getElementById("count");
  var query = document.getElementById("f-q");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var template = count.getAttribute("data-template");
  var datasetKey = { situations: "situations", groups: "groups", type: "type", municipalities: "municipalities" };

  function normalise(text) {
    return text.toLocaleLowerCase("cs").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  items.forEach(function (item) { item._search = normalise(item.getAttribute("data-search") || ""); });

  function apply() {
    var words = normalise(query.value).split(/\s+/).filter(Boolean);
    var wanted = selects.map(function (s) { return [datasetKey[s.getAttribute("data-key")], s.value]; });
    var shown = 0;
    items.forEach(function (item) {
      var ok = words.every(function (w) { return item._search.indexOf(w) !== -1; });
      for (var i = 0; ok && i < wanted.length; i++) {
        if (!wanted[i][1]) { continue; }
        var values = (item.getAttribute("data-" + wanted[i][0]) || "").split(" ");
        // a service of the whole territory ("all") serves every municipality
        ok = values.indexOf(wanted[i][1]) !== -1 || (wanted[i][0] === "municipalities" && values.indexOf("all") !== -1);
      }
      item.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = template.replace("{n}", shown).replace("{total}", items.length);
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
})();

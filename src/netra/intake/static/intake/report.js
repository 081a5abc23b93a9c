// Enhancements only; every page works without this file.
(function () {
  "use strict";
  var print = document.getElementById("print-receipt");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var province = document.getElementById("id_province");
  var regency = document.getElementById("id_regency");
  var district = document.getElementById("id_district");
  if (!province || !regency || !district || !window.fetch) { return; }
  document.documentElement.classList.add("js");

  function fill(select, parent, level) {
    var blank = select.options[0] ? select.options[0].text : "—";
    select.innerHTML = "";
    select.appendChild(new Option(blank, ""));
    if (!parent) { return; }
    var url = "/api/v1/regions/?level=" + level + "&parent=" + encodeURIComponent(parent) + "&limit=1000";
    fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        (data.results || data).forEach(function (region) {
          select.appendChild(new Option(region.name, region.code));
        });
      })
      .catch(function () { document.documentElement.classList.remove("js"); });
  }
  province.addEventListener("change", function () {
    fill(regency, province.value, 2);
    fill(district, "", 3);
  });
  regency.addEventListener("change", function () { fill(district, regency.value, 3); });
})();

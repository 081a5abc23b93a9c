// Enhancements only; every page works without this file.
(function () {
  "use strict";
  // A page restored from the back/forward cache would show a form already sent: ask the
  // server, which answers with the receipt of that form.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.getElementById("report-form")) { window.location.reload(); }
  });

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var print = document.getElementById("print-receipt");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  // Anonymous: the fields about the reporter are hidden and emptied (the server drops them
  // too); the choice about photo metadata is offered only then.
  var identity = document.getElementById("reporter-identity");
  var metadata = document.getElementById("metadata-choice");
  var modes = document.querySelectorAll("input[name=reporter_mode]");
  function applyMode() {
    var checked = document.querySelector("input[name=reporter_mode]:checked");
    var anonymous = checked && checked.value === "anonymous";
    if (identity) {
      identity.hidden = anonymous;
      if (anonymous) {
        identity.querySelectorAll("input, textarea").forEach(function (field) { field.value = ""; });
      }
    }
    if (metadata) { metadata.hidden = !anonymous; }
  }
  if (modes.length) {
    var note = document.getElementById("anonymous-note");
    if (note) { note.hidden = true; }
    modes.forEach(function (radio) { radio.addEventListener("change", applyMode); });
    applyMode();
  }

  // Size, type and count checked before anything is sent over a phone connection; the
  // server checks again from the content.
  var input = document.getElementById("id_evidence");
  var check = document.getElementById("evidence-check");
  if (input && check) {
    var accepted = (input.getAttribute("accept") || "").split(",");
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10) || 0;
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10) || 0;
    var typeOk = function (file) {
      var name = file.name.toLowerCase();
      return accepted.some(function (item) {
        item = item.trim();
        return item.charAt(0) === "." ? name.slice(-item.length) === item : file.type === item;
      });
    };
    input.addEventListener("change", function () {
      var problems = [];
      var held = document.querySelectorAll("#held-evidence li").length;
      Array.prototype.forEach.call(input.files, function (file) {
        if (maxBytes && file.size > maxBytes) {
          problems.push(check.getAttribute("data-msg-size") + " " + file.name + ".");
        } else if (!typeOk(file)) {
          problems.push(check.getAttribute("data-msg-type") + " " + file.name + ".");
        }
      });
      if (maxFiles && input.files.length + held > maxFiles) {
        problems.push(check.getAttribute("data-msg-count"));
      }
      check.textContent = problems.join(" ");
      check.hidden = problems.length === 0;
      if (problems.length) { input.value = ""; }
    });
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

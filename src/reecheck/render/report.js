// reecheck report: filters by verdict, kind of disagreement and topic words, applied in the page; nothing is loaded.
"use strict";
(function () {
  const form = document.getElementById("filters");
  if (!form) return;
  const shown = document.getElementById("shown");
  const filtered = Array.from(document.querySelectorAll("[data-verdict]"));
  const sections = filtered.filter((element) => element.tagName === "SECTION");
  function apply() {
    const verdicts = new Set(Array.from(form.querySelectorAll("input[name=verdict]:checked"), (box) => box.value));
    const kind = form.elements.namedItem("kind").value;
    const words = form.elements.namedItem("topic").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    for (const element of filtered) {
      const search = element.dataset.search;
      element.hidden = !verdicts.has(element.dataset.verdict)
        || (kind !== "" && !element.dataset.kinds.split(" ").includes(kind))
        || !words.every((word) => search.includes(word));
    }
    const visible = sections.filter((section) => !section.hidden).length;
    shown.textContent = visible + " of " + sections.length + " topics shown";
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();

import { initAll as initGovuk } from "../vendor/js/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/js/moj-frontend.min.js";

initGovuk();
initMoj();

// "Add another" under a repeated group of rows (a Django formset): a copy of the group's empty
// row from its <template>, numbered on, and the formset's TOTAL_FORMS raised to match. Without
// JavaScript the button stays hidden and the page's empty rows are used.
document.querySelectorAll("[data-add-row]").forEach((button) => {
  const prefix = button.dataset.addRow;
  const template = document.getElementById(`${prefix}-template`);
  const rows = document.getElementById(`${prefix}-rows`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const most = document.getElementById(`id_${prefix}-MAX_NUM_FORMS`);
  if (!template || !rows || !total) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    if (most && index >= Number(most.value)) return;
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__number__", String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    rows.lastElementChild.querySelector("input, textarea, select")?.focus();
  });
});

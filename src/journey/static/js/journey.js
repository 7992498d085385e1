import { initAll as initGovuk } from "../vendor/js/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/js/moj-frontend.min.js";

initGovuk();
initMoj();

// Starts every practice exercise on the page: each type is its own module in this folder,
// exporting mount(stage, context). Texts come from the server in the page's language.
import { createContext } from "./common.js";

const source = document.getElementById("practice-messages");
const messages = source ? JSON.parse(source.dataset.messages) : {};

for (const root of document.querySelectorAll("section.practice[data-practice-type]")) {
  const context = createContext(root, messages);
  import(`./${root.dataset.practiceType}.js`)
    .then((module) => module.mount(root.querySelector("[data-stage]"), context))
    .catch((error) => {
      console.error(error);
      context.status(context.t("common.load_failed"), "error");
    });
}

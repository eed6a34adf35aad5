// The API-key box in each page's header: shown when the server answers 401, or on demand; Cancel
// and Esc close it unchanged. On a keyless server (GET /me says so) the button and the box say that
// no key is needed, rather than asking for one.
import { getJson, storeKey, storedKey } from "./api.js";
import { byId } from "./dom.js";

export class KeyBox {
  constructor(language, onChange) {
    this.language = language;
    this.onChange = onChange;
    this.dialog = byId("key-dialog");
    this.input = byId("key-input");
    this.roleLabel = byId("role");
    this.role = null;
    language.onChange(() => this.showRole());
    this.button = byId("key-button");
    this.button.addEventListener("click", () => this.open());
    byId("key-cancel").addEventListener("click", () => this.dialog.close());
    byId("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      storeKey(this.input.value.trim());
      this.dialog.close();
      this.onChange();
    });
    byId("key-forget").addEventListener("click", () => {
      storeKey("");
      this.input.value = "";
      this.dialog.close();
      this.onChange();
    });
  }

  open() {
    this.input.value = storedKey();
    this.dialog.showModal();
    this.input.focus();
  }

  /** The button and the box say the server needs no key (their texts follow a language switch). */
  sayKeyless() {
    this.button.dataset.i18n = "apiKeyNotNeeded";
    byId("key-prompt").dataset.i18n = "apiKeyNotNeededPrompt";
    byId("key-form").classList.add("keyless");
    this.language.apply();
  }

  /** The role the server takes us for, in the page's language (rewritten on a switch). */
  showRole() {
    const t = (key) => this.language.t(key);
    this.roleLabel.textContent = this.role ? `${t("role")}: ${this.language.has(`role_${this.role}`) ? t(`role_${this.role}`) : this.role}` : "";
  }

  /** Who the server takes us for (GET /me), shown in the header; null when it wants a key. */
  async whoAmI() {
    try {
      const me = await getJson("/me");
      this.role = me.role;
      this.showRole();
      if (me.keyless) this.sayKeyless();
      return me;
    } catch (error) {
      this.role = null;
      this.showRole();
      if (error.status === 401 || error.status === 403) {
        this.open();
        return null;
      }
      throw error;
    }
  }
}

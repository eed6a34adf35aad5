// The API-key box in each page's header: shown when the server answers 401, or on demand.
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
    byId("key-button").addEventListener("click", () => this.open());
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

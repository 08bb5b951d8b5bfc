// The browser script the Web Payments SDK stand-in serves: plain ES2017, no build step, no dependencies.

/** `window.Square.payments(applicationId, locationId)` → `card()` → `attach()`, `tokenize()`, `destroy()`. */
export function webPaymentsScript(defaultOrigin: string): string {
  return `// Square Web Payments SDK stand-in (Square simulator). Test cards: 4111 1111 1111 1111 approved,
// 4000 0000 0000 0002 declined, 4000 0000 0000 0119 charged but CreatePayment never answers, 4800 0000 0000 0004
// approved only when tokenize(verificationDetails) verified the buyer (else CARD_DECLINED_VERIFICATION_REQUIRED).
(function () {
  "use strict";
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src).origin : ${JSON.stringify(defaultOrigin)};
  var FIELDS = [
    { name: "cardNumber", label: "Card number", autocomplete: "cc-number", inputmode: "numeric" },
    { name: "expirationDate", label: "Expiration date", autocomplete: "cc-exp", inputmode: "numeric", placeholder: "MM/YY" },
    { name: "cvv", label: "CVV", autocomplete: "cc-csc", inputmode: "numeric" },
    { name: "postalCode", label: "Postal code", autocomplete: "postal-code", inputmode: "text" }
  ];
  var STYLE = {
    field: "margin: 0 0 .75rem",
    label: "display: block; font-weight: 600; margin-bottom: .25rem",
    input: "font-size: 1rem; padding: .5rem; width: 100%; box-sizing: border-box; border: 1px solid #767676; border-radius: 4px",
    error: "color: #b00020; font-weight: 600; margin: .25rem 0 0"
  };
  var cards = 0;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) {
      if (attributes[name] !== undefined) node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function Card(applicationId, locationId) {
    this.applicationId = applicationId;
    this.locationId = locationId;
    this.id = "sq-sim-card-" + ++cards;
    this.root = null;
    this.inputs = {};
    this.errors = {};
    this.destroyed = false;
  }

  Card.prototype.attach = async function (target) {
    if (this.destroyed) throw new Error("This card was destroyed.");
    if (this.root) throw new Error("This card is already attached.");
    var container = typeof target === "string" ? document.querySelector(target) : target;
    if (!container) throw new Error("No element matches " + target + ".");
    var card = this;
    var root = element("div", { class: "sq-sim-card", role: "group", "aria-label": "Card details" });
    FIELDS.forEach(function (field) {
      var id = card.id + "-" + field.name;
      var wrapper = element("div", { style: STYLE.field });
      var input = element("input", {
        id: id,
        name: field.name,
        type: "text",
        inputmode: field.inputmode,
        autocomplete: field.autocomplete,
        placeholder: field.placeholder,
        style: STYLE.input
      });
      var error = element("p", { id: id + "-error", style: STYLE.error, role: "alert" });
      error.hidden = true;
      wrapper.appendChild(element("label", { for: id, style: STYLE.label }, field.label));
      wrapper.appendChild(input);
      wrapper.appendChild(error);
      root.appendChild(wrapper);
      card.inputs[field.name] = input;
      card.errors[field.name] = error;
    });
    container.appendChild(root);
    this.root = root;
  };

  Card.prototype.showErrors = function (errors) {
    var card = this;
    FIELDS.forEach(function (field) {
      var found = errors.filter(function (error) { return error.field === field.name; })[0];
      var input = card.inputs[field.name];
      var message = card.errors[field.name];
      message.textContent = found ? found.message : "";
      message.hidden = !found;
      if (found) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", message.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    });
  };

  Card.prototype.tokenize = async function (verificationDetails) {
    if (this.destroyed || !this.root) throw new Error("Attach the card before calling tokenize().");
    var body = {
      application_id: this.applicationId,
      location_id: this.locationId,
      card_number: this.inputs.cardNumber.value,
      expiration_date: this.inputs.expirationDate.value,
      cvv: this.inputs.cvv.value,
      postal_code: this.inputs.postalCode.value,
      verification_details: verificationDetails
    };
    var result;
    try {
      var response = await fetch(ORIGIN + "/v2/sim-web-payments/tokenize", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
      });
      result = await response.json();
    } catch (error) {
      return { status: "Error", errors: [{ type: "NETWORK_ERROR", message: String((error && error.message) || error) }] };
    }
    this.showErrors(result.status === "Invalid" ? result.errors : []);
    return result;
  };

  Card.prototype.destroy = async function () {
    if (this.root) this.root.remove();
    this.root = null;
    this.destroyed = true;
    return true;
  };

  function Payments(applicationId, locationId) {
    this.applicationId = applicationId;
    this.locationId = locationId;
  }

  Payments.prototype.card = async function () {
    return new Card(this.applicationId, this.locationId);
  };

  window.Square = {
    payments: function (applicationId, locationId) {
      if (typeof applicationId !== "string" || !applicationId) throw new Error("Square.payments: applicationId is required.");
      if (typeof locationId !== "string" || !locationId) throw new Error("Square.payments: locationId is required.");
      return new Payments(applicationId, locationId);
    }
  };
})();
`;
}

// The browser script the Web Payments SDK stand-in serves: plain ES2017, no build step, no dependencies.

/**
 * `window.Square.payments(applicationId, locationId)` → `card()` → `attach()`, `tokenize()`, `destroy()`; and
 * `paymentRequest(options)`, `applePay(request)` → `tokenize()`, `googlePay(request)` → `attach()`, `tokenize()`.
 */
export function webPaymentsScript(defaultOrigin: string): string {
  return `// Square Web Payments SDK stand-in (Square simulator). Test cards: 4111 1111 1111 1111 approved,
// 4000 0000 0000 0002 declined, 4000 0000 0000 0119 charged but CreatePayment never answers, 4800 0000 0000 0004
// approved only when tokenize(verificationDetails) verified the buyer (else CARD_DECLINED_VERIFICATION_REQUIRED).
// Apple Pay and Google Pay open a stand-in payment sheet; approved, they tokenize the wallet's card (Visa ending 1111).
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

  // Digital wallets. Square's PaymentRequest carries what the sheet shows; applePay()/googlePay() reject where the
  // buyer's browser cannot pay with the wallet (here: the wallets the simulator is configured to offer).
  function PaymentRequest(options) {
    this.options = options;
  }

  PaymentRequest.prototype.update = function (options) {
    this.options = Object.assign({}, this.options, options);
    return true;
  };

  async function post(path, body) {
    var response = await fetch(ORIGIN + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body)
    });
    return response.json();
  }

  function walletError(result) {
    var problem = (result.errors && result.errors[0]) || { type: "Error", message: "The wallet is not available." };
    var error = new Error(problem.message);
    error.name = problem.type === "INVALID_REQUEST" ? "InvalidPaymentRequestError" : problem.type;
    return error;
  }

  var WALLET_NAMES = { APPLE_PAY: "Apple Pay", GOOGLE_PAY: "Google Pay" };

  // The wallet's payment sheet: what the buyer is asked to approve (the payee's label, the line items, the total).
  function showSheet(wallet, options) {
    return new Promise(function (resolve) {
      var sheet = element("div", {
        role: "dialog",
        "aria-modal": "true",
        "aria-label": WALLET_NAMES[wallet],
        class: "sq-sim-wallet-sheet",
        style: "position: fixed; inset: auto 0 0 0; background: #fff; color: #111; border-top: 2px solid #111; padding: 1rem; z-index: 2147483647; font: 16px system-ui, sans-serif"
      });
      sheet.appendChild(element("h2", { style: "margin: 0 0 .5rem; font-size: 1.1rem" }, WALLET_NAMES[wallet] + " (simulator)"));
      var list = element("dl", { style: "margin: 0 0 1rem" });
      (options.lineItems || []).forEach(function (item) {
        list.appendChild(element("dt", {}, item.label));
        list.appendChild(element("dd", { style: "margin: 0 0 .25rem" }, item.amount + " " + options.currencyCode));
      });
      list.appendChild(element("dt", { style: "font-weight: 700" }, "Pay " + options.total.label));
      list.appendChild(element("dd", { style: "margin: 0; font-weight: 700" }, options.total.amount + " " + options.currencyCode));
      sheet.appendChild(list);
      sheet.appendChild(element("p", { style: "margin: 0 0 1rem" }, "Card: Visa ending 1111"));
      var approve = element("button", { type: "button", style: "margin-right: .5rem; padding: .5rem 1rem" }, "Confirm payment");
      var cancel = element("button", { type: "button", style: "padding: .5rem 1rem" }, "Cancel");
      function close(approved) {
        sheet.remove();
        resolve(approved);
      }
      approve.addEventListener("click", function () { close(true); });
      cancel.addEventListener("click", function () { close(false); });
      sheet.appendChild(approve);
      sheet.appendChild(cancel);
      document.body.appendChild(sheet);
      approve.focus();
    });
  }

  function Wallet(kind, payments, paymentRequest) {
    this.kind = kind;
    this.payments = payments;
    this.paymentRequest = paymentRequest;
    this.root = null;
    this.destroyed = false;
  }

  Wallet.prototype.body = function () {
    return {
      application_id: this.payments.applicationId,
      location_id: this.payments.locationId,
      wallet: this.kind,
      payment_request: this.paymentRequest.options
    };
  };

  // As Square's: tokenize() opens the wallet's sheet, which browsers allow only in answer to the buyer's click.
  Wallet.prototype.tokenize = async function () {
    if (this.destroyed) throw new Error("This payment method was destroyed.");
    if (this.kind === "GOOGLE_PAY" && !this.root) throw new Error("Attach Google Pay before calling tokenize().");
    if (navigator.userActivation && !navigator.userActivation.isActive) {
      var gesture = new Error(WALLET_NAMES[this.kind] + " can only be started by the buyer's click: call tokenize() in the click handler.");
      gesture.name = "UserActivationError";
      throw gesture;
    }
    var approved = await showSheet(this.kind, this.paymentRequest.options);
    if (!approved) return { status: "Cancel" };
    try {
      return await post("/v2/sim-web-payments/wallets/tokenize", this.body());
    } catch (error) {
      return { status: "Error", errors: [{ type: "NETWORK_ERROR", message: String((error && error.message) || error) }] };
    }
  };

  Wallet.prototype.destroy = async function () {
    if (this.root) this.root.remove();
    this.root = null;
    this.destroyed = true;
    return true;
  };

  // Google Pay renders its own button into the element given; Apple Pay has no attach (the page shows Apple's button).
  function attachGooglePay(target, options) {
    if (this.destroyed) throw new Error("This payment method was destroyed.");
    if (this.root) throw new Error("Google Pay is already attached.");
    var container = typeof target === "string" ? document.querySelector(target) : target;
    if (!container) throw new Error("No element matches " + target + ".");
    var dark = !options || options.buttonColor !== "white";
    var button = element("button", {
      type: "button",
      "aria-label": "Google Pay",
      class: "sq-sim-google-pay-button",
      style: "min-height: 44px; width: 100%; border-radius: 4px; border: 1px solid #747775; font: 600 16px system-ui, sans-serif; " +
        (dark ? "background: #000; color: #fff" : "background: #fff; color: #000")
    }, "Pay with G Pay");
    container.appendChild(button);
    this.root = button;
  }

  async function wallet(kind, payments, paymentRequest) {
    if (!(paymentRequest instanceof PaymentRequest)) throw new TypeError("Pass a PaymentRequest from payments.paymentRequest().");
    var result = await post("/v2/sim-web-payments/wallets/session", new Wallet(kind, payments, paymentRequest).body());
    if (result.status !== "OK") throw walletError(result);
    var method = new Wallet(kind, payments, paymentRequest);
    if (kind === "GOOGLE_PAY") method.attach = async function (target, options) { attachGooglePay.call(method, target, options); };
    return method;
  }

  function Payments(applicationId, locationId) {
    this.applicationId = applicationId;
    this.locationId = locationId;
  }

  Payments.prototype.card = async function () {
    return new Card(this.applicationId, this.locationId);
  };

  Payments.prototype.paymentRequest = function (options) {
    if (!options || !options.countryCode || !options.currencyCode || !options.total) {
      throw new TypeError("paymentRequest() needs countryCode, currencyCode and total.");
    }
    return new PaymentRequest(options);
  };

  Payments.prototype.applePay = function (paymentRequest) {
    return wallet("APPLE_PAY", this, paymentRequest);
  };

  Payments.prototype.googlePay = function (paymentRequest) {
    return wallet("GOOGLE_PAY", this, paymentRequest);
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

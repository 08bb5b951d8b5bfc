// A shipment's tracking link is the carrier's own page with the number put in safely (encoded, never
// pasted as typed); other carriers get no link; the form's two carrier fields become one name.
import { describe, expect, it } from "vitest";
import { carrierFromForm, CARRIERS, knownCarrier, trackingFromForm, trackingSentence, trackingUrl } from "~/kitchen/shipment-tracking";

describe("trackingUrl", () => {
  it.each([
    ["USPS", "9400111899223344556677", "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223344556677"],
    ["UPS", "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784"],
    ["FedEx", "123456789012", "https://www.fedex.com/fedextrack/?trknbr=123456789012"],
    ["DHL", "1234567890", "https://www.dhl.com/global-en/home/tracking.html?tracking-id=1234567890&submit=1"],
    ["Canada Post", "1234567890123456", "https://www.canadapost-postescanada.ca/track-reperage/en#/details/1234567890123456"],
    ["Royal Mail", "AB123456789GB", "https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB"],
  ])("links %s to its own tracking page", (carrier, number, expected) => {
    expect(trackingUrl(carrier, number)).toBe(expected);
  });

  it("has a page for every carrier the forms list", () => {
    for (const carrier of CARRIERS) expect(trackingUrl(carrier, "AB12")).toMatch(/^https:\/\//);
  });

  it("encodes what it puts in the address, in a query and in a fragment", () => {
    const query = new URL(trackingUrl("UPS", "1Z 99&x=<b>#frag")!);
    expect(query.origin + query.pathname).toBe("https://www.ups.com/track");
    expect([...query.searchParams.keys()]).toEqual(["tracknum"]);
    expect(query.searchParams.get("tracknum")).toBe("1Z 99&x=<b>#frag");
    expect(query.hash).toBe("");
    const fragment = trackingUrl("Royal Mail", "AB/../12?#x")!;
    expect(fragment).toBe("https://www.royalmail.com/track-your-item#/tracking-results/AB%2F..%2F12%3F%23x");
  });

  it("matches a known carrier whatever its case or spacing", () => {
    expect(knownCarrier(" fedex ")).toBe("FedEx");
    expect(knownCarrier("canada   post")).toBe("Canada Post");
    expect(trackingUrl("ups", "1Z999")).toBe("https://www.ups.com/track?tracknum=1Z999");
  });

  it("gives no link for another carrier, or without a number", () => {
    expect(trackingUrl("Purolator", "1234")).toBeNull();
    expect(trackingUrl(null, "1234")).toBeNull();
    expect(trackingUrl("UPS", null)).toBeNull();
    expect(trackingUrl("UPS", "  ")).toBeNull();
  });
});

describe("the tracking form", () => {
  it("takes the carrier picked, or the one typed under Other (or with nothing picked)", () => {
    expect(carrierFromForm("UPS", "ignored")).toBe("UPS");
    expect(carrierFromForm("Other", "Purolator")).toBe("Purolator");
    expect(carrierFromForm("", "Purolator")).toBe("Purolator");
    expect(carrierFromForm("", "")).toBeNull();
    expect(carrierFromForm(undefined, undefined)).toBeNull();
  });

  it("refuses Other with no name typed, on the name's field", () => {
    expect(trackingFromForm({ carrier: "Other", otherCarrier: "", trackingNumber: "1234" })).toEqual({
      refused: "Type the carrier's name, or pick one from the list.",
      field: "otherCarrier",
    });
    expect(trackingFromForm({ carrier: "DHL", trackingNumber: "" })).toEqual({ carrier: "DHL", trackingNumber: null });
  });

  it("says what the customer reads", () => {
    expect(trackingSentence("UPS", "1Z999")).toBe("It travels with UPS, tracking number 1Z999.");
    expect(trackingSentence("DHL", null)).toBe("It travels with DHL.");
    expect(trackingSentence(null, "1234")).toBe("Its tracking number is 1234.");
    expect(trackingSentence(null, null)).toBeNull();
  });
});

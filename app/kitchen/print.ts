// Printed tickets and receipts: which paper (an 80 mm receipt roll, or A4/Letter) and how many bags,
// read from the page's address so a bookmark or a kiosk can open the same print every time.

export type Paper = "80mm" | "page";

export function printOptions(url: URL): { paper: Paper; bags: number } {
  const paper = url.searchParams.get("paper") === "page" ? "page" : "80mm";
  const bags = Number(url.searchParams.get("bags") ?? 1);
  return { paper, bags: Number.isInteger(bags) && bags >= 1 && bags <= 20 ? bags : 1 };
}

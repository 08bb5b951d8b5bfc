-- Up Migration
-- Staff may give a shipping order's carrier and tracking number when they mark it shipped, or add
-- and correct them afterwards (issue 10). A tracking number is kept as the carriers print it
-- without its spaces and dashes: 4 to 40 capital letters and digits. A carrier is a name (USPS, UPS,
-- FedEx, DHL, Canada Post, Royal Mail, or whatever the shop typed for another one).
alter table orders
  add column shipment_carrier text
    constraint orders_shipment_carrier_check check (
      char_length(shipment_carrier) between 1 and 40
      and shipment_carrier = btrim(shipment_carrier)
      and shipment_carrier !~ '[[:cntrl:]<>]'),
  add column tracking_number text
    constraint orders_tracking_number_check check (tracking_number ~ '^[A-Z0-9]{4,40}$'),
  add constraint orders_tracking_only_when_shipping check (
    fulfillment = 'shipping' or (shipment_carrier is null and tracking_number is null));

-- Down Migration
alter table orders
  drop constraint orders_tracking_only_when_shipping,
  drop column tracking_number,
  drop column shipment_carrier;

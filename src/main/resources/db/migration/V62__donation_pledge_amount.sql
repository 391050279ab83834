-- A Patreon charge is booked at what it charged, which on a charge-upfront campaign is less than the pledge when the
-- member upgraded within the billing month (Patreon charges the difference at once). pledge_amount keeps the pledge
-- the charge was for (currently_entitled_amount_cents of its earliest snapshot); amount is derived from the pledges
-- of the member's charges in the same billing period (docs/donations.md). Ko-fi entries leave it null.
ALTER TABLE donation_entry ADD COLUMN pledge_amount DECIMAL(19, 2);
UPDATE donation_entry SET pledge_amount = amount WHERE source = 'patreon';

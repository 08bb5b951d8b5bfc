-- Whether a line's choices still pass check_modifier_selection (the menu may have changed since
-- the line was added); the one rule, reused rather than restated.
create or replace function private.modifier_selection_valid(p_variant_id bigint, p_modifier_ids bigint[]) returns boolean
language plpgsql stable as $$
begin
  perform private.check_modifier_selection(p_variant_id, p_modifier_ids);
  return true;
exception when sqlstate 'LR422' then
  return false;
end
$$;

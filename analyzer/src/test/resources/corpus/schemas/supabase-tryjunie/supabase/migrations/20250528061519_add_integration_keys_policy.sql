create policy "Anyone can select integration_keys by id"
on "public"."integration_keys"
as permissive
for select
to public
using ((id IS NOT NULL));




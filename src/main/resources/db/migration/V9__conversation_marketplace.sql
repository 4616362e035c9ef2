-- The marketplace of each conversation: the party whose deadline counts (amazon.es, carrefour-fr,
-- or shop for the shop's own mail and forms). Written once, when the conversation opens. The
-- default is the shop's, which is what every conversation stored so far is, except the two below.
alter table conversation add column marketplace varchar(50) default 'shop' not null;

-- Amazon buyer conversations of a mailbox are known by their policy and by the thread id
-- MailThreading gave them, amazon-<what follows marketplace.amazon.>:<relay alias>:<order>
-- (amazon-es:k2x9@marketplace.amazon.es:171-5550123-9876543): they become amazon.es, amazon.co.uk...
-- 'amazon-' is 7 characters, so the site runs from the 8th to before the first ':'; the bounds keep
-- the result a name of 8 to 50 characters whatever a row holds.
update conversation
   set marketplace = 'amazon.' || substring(external_thread_id from 8 for position(':' in external_thread_id) - 8)
 where sla_policy = 'amazon'
   and external_thread_id like 'amazon-%'
   and position(':' in external_thread_id) > 8
   and position(':' in external_thread_id) <= 51;

-- Mirakl conversations take their channel's marketplace (its setting, else its id), which only the
-- configuration knows: conversation.MarketplaceBackfill gives it to them at start-up.

-- GET /api/conversations?marketplace=...[&status=...], in queue order.
create index ix_conversation_marketplace_queue on conversation (marketplace, status, due_at, id);

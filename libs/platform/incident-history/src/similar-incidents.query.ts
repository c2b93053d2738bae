/**
 * How much each shared dimension counts (they sum to 1). The same rule firing is the strongest sign
 * of the same problem; a shared ATT&CK technique generalises across rules that detect one behaviour;
 * a shared entity (host, user, address) counts least, since busy hosts appear in unrelated incidents.
 * WARNING: docs/investigations.md (`similar-resolved-incidents`) prints these numbers; change both.
 */
export const SIMILARITY_WEIGHTS = { rules: 0.5, techniques: 0.3, entities: 0.2 } as const;

/**
 * Resolved or closed incidents of a tenant most like a probe (its rule ids, technique ids and
 * 'type:value' entities): per dimension the Jaccard index |A ∩ B| / |A ∪ B| (0 when both are empty),
 * summed with SIMILARITY_WEIGHTS; only incidents sharing something, best first. Each incident is
 * judged by its latest version; one closed by a merge is left out (its alerts live on in the other). docs/investigations.md prints this text; a test keeps them equal.
 */
export const SIMILAR_RESOLVED_INCIDENTS_SQL = `WITH
  arrayIntersect(rule_ids, {rules:Array(String)}) AS common_rules,
  arrayIntersect(techniques, {techniques:Array(String)}) AS common_techniques,
  arrayIntersect(entities, {entities:Array(String)}) AS common_entities,
  length(common_rules) / greatest(1, length(arrayDistinct(arrayConcat(rule_ids, {rules:Array(String)})))) AS rules_jaccard,
  length(common_techniques) / greatest(1, length(arrayDistinct(arrayConcat(techniques, {techniques:Array(String)})))) AS techniques_jaccard,
  length(common_entities) / greatest(1, length(arrayDistinct(arrayConcat(entities, {entities:Array(String)})))) AS entities_jaccard
SELECT id, title, status,
  round(0.5 * rules_jaccard + 0.3 * techniques_jaccard + 0.2 * entities_jaccard, 4) AS score,
  rules_jaccard, techniques_jaccard, entities_jaccard,
  arraySort(common_rules) AS shared_rules, arraySort(common_techniques) AS shared_techniques,
  arraySort(common_entities) AS shared_entities,
  resolution_code, resolved_at, toInt64(dateDiff('millisecond', first_seen, resolved_at)) AS time_to_resolve_ms,
  JSONExtractString(arrayLast(entry -> JSONExtractString(entry, 'action') = 'resolved', JSONExtractArrayRaw(incident, 'timeline')), 'detail') AS resolved_detail
FROM
(
  SELECT * FROM {database:Identifier}.quell_incident_versions FINAL
  WHERE tenant = {tenant:String} AND id != {exclude:String}
  ORDER BY id, version DESC
  LIMIT 1 BY id
)
WHERE status IN ('resolved', 'closed') AND merged_into IS NULL AND score > 0
ORDER BY score DESC, resolved_at DESC, id
LIMIT {limit:UInt32}`;

/**
 * Macros that give DuckDB the Trino/Athena functions models write most (research note
 * agents-and-engines.md §3.4, each verified there). Created in the DuckDB engine before the lockdown;
 * the query guard allows their names.
 */
export const TRINO_COMPAT_MACROS: readonly { name: string; sql: string }[] = [
  { name: 'json_extract_scalar', sql: `json_extract_scalar(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT','ARRAY') THEN NULL ELSE json_extract_string(j, p) END` },
  { name: 'json_parse', sql: 'json_parse(s) AS json(s)' },
  { name: 'json_format', sql: 'json_format(j) AS CAST(j AS VARCHAR)' },
  { name: 'json_array_contains', sql: 'json_array_contains(j, v) AS list_contains(CAST(json(j) AS VARCHAR[]), CAST(v AS VARCHAR))' },
  { name: 'from_iso8601_timestamp', sql: 'from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)' },
  { name: 'from_iso8601_date', sql: 'from_iso8601_date(s) AS CAST(s AS DATE)' },
  { name: 'to_iso8601', sql: `to_iso8601(t) AS strftime(t, '%Y-%m-%dT%H:%M:%S.%gZ')` },
  {
    name: 'date_add',
    sql: `date_add(unit, n, t) AS t + to_seconds(0) + CASE lower(unit) WHEN 'millisecond' THEN to_milliseconds(n)
      WHEN 'second' THEN to_seconds(n) WHEN 'minute' THEN to_minutes(n) WHEN 'hour' THEN to_hours(n) WHEN 'day' THEN to_days(n)
      WHEN 'week' THEN to_weeks(n) WHEN 'month' THEN to_months(n) WHEN 'quarter' THEN to_months(3*n) WHEN 'year' THEN to_years(n) END`,
  },
  // Trino counts whole units elapsed; DuckDB's date_diff counts boundary crossings.
  { name: 'date_diff', sql: 'date_diff(unit, a, b) AS date_sub(unit, a, b)' },
  { name: 'date_format', sql: `date_format(t, f) AS strftime(t, replace(replace(replace(replace(f,'%i','%M'),'%s','%S'),'%T','%H:%M:%S'),'%k','%-H'))` },
  {
    name: 'date_parse',
    sql: `date_parse(s, f) AS CASE f WHEN '%Y-%m-%d %H:%i:%s' THEN strptime(s, '%Y-%m-%d %H:%M:%S')
      WHEN '%Y-%m-%d' THEN strptime(s, '%Y-%m-%d') WHEN '%Y-%m-%dT%H:%i:%sZ' THEN strptime(s, '%Y-%m-%dT%H:%M:%SZ') END`,
  },
  { name: 'from_unixtime', sql: 'from_unixtime(x) AS to_timestamp(x)' },
  { name: 'to_unixtime', sql: 'to_unixtime(t) AS epoch(t)' },
  { name: 'at_timezone', sql: 'at_timezone(t, z) AS timezone(z, t)' },
  { name: 'day_of_week', sql: 'day_of_week(t) AS isodow(t)' },
  { name: 'regexp_like', sql: 'regexp_like(s, p) AS regexp_matches(s, p)' },
  { name: 'cardinality', sql: 'cardinality(a) AS len(a)' },
  { name: 'element_at', sql: 'element_at(a, i) AS a[i]' },
  { name: 'array_join', sql: 'array_join(a, s) AS array_to_string(a, s)' },
  { name: 'sequence', sql: 'sequence(a, b) AS generate_series(a, b)' },
  { name: 'url_extract_host', sql: `url_extract_host(u) AS regexp_extract(u, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1)` },
  { name: 'levenshtein_distance', sql: 'levenshtein_distance(a, b) AS levenshtein(a, b)' },
  { name: 'approx_distinct', sql: 'approx_distinct(x) AS approx_count_distinct(x)' },
  { name: 'approx_percentile', sql: 'approx_percentile(x, p) AS approx_quantile(x, p)' },
];

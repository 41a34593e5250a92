import { TRINO_COMPAT_MACROS } from '../engines/trino-compat.js';

/**
 * The functions a query may call: what an analyst needs over log tables, by name as DuckDB's
 * parser reports them (operators included: `~~` is LIKE, `->>` JSON extraction). Anything else is
 * refused, which is how file readers, table functions and settings (`read_text`, `read_csv`,
 * `glob`, `query`, `current_setting`, `duckdb_settings`, `getenv`, `parquet_metadata`, …) stay out:
 * they are simply not here.
 */
const ANALYST_FUNCTIONS = `
  count count_star sum min max avg mean any_value arbitrary first last approx_count_distinct approx_quantile quantile
  quantile_cont quantile_disc median mode stddev stddev_pop stddev_samp variance var_pop var_samp corr bool_and bool_or
  count_if countif max_by min_by arg_max arg_min argmax argmin list array_agg string_agg group_concat listagg histogram
  product entropy
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  lower upper lcase ucase length len char_length character_length strlen octet_length substr substring substring_grapheme
  trim ltrim rtrim replace concat concat_ws split split_part string_split str_split string_split_regex regexp_split_to_array
  strpos position instr starts_with ends_with prefix suffix contains reverse lpad rpad left right ascii chr unicode
  regexp_matches regexp_extract regexp_extract_all regexp_replace regexp_full_match levenshtein damerau_levenshtein
  jaro_similarity jaro_winkler_similarity hamming editdist3 md5 sha1 sha256 hash format printf array_to_string
  string_to_array like_escape not_like_escape ilike_escape not_ilike_escape nfc_normalize strip_accents
  abs round floor ceil ceiling sqrt cbrt pow power ln log log10 log2 exp greatest least sign trunc mod isnan isinf
  coalesce nullif ifnull if typeof try
  date_trunc datetrunc date_part datepart extract year month day hour minute second millisecond dayofweek dayofmonth
  dayofyear isodow isoyear week weekofyear weekday quarter yearweek epoch epoch_ms epoch_us to_timestamp make_timestamp
  make_date make_time strftime strptime try_strptime now current_timestamp get_current_timestamp current_date today
  datediff date_sub datesub time_bucket last_day monthname dayname age timezone to_days to_hours to_minutes to_seconds
  to_milliseconds to_microseconds to_weeks to_months to_years to_centuries to_decades
  json json_extract json_extract_string json_extract_path json_extract_path_text json_value json_type json_array_length
  json_keys json_valid json_contains json_exists to_json json_object json_array json_structure json_quote
  list_value list_contains list_has array_contains list_position array_position list_extract array_extract list_slice
  array_slice list_distinct array_distinct list_unique list_sort array_sort list_reverse_sort list_transform
  array_transform list_filter array_filter filter list_concat array_concat list_aggregate array_length flatten unnest
  list_has_any list_has_all array_has_any array_has_all
  struct_extract struct_pack row map_extract map_keys map_values
  ~~ !~~ ~~* !~~* ~~~ !~~~ || + - * / // % ** ^ & | << >> ~ -> ->> @> <@ &&
`;

/** Functions that reduce a column to something small: a column inside them is not "selected" for the verbose cap. */
export const REDUCING_FUNCTIONS: ReadonlySet<string> = new Set(
  `json_extract json_extract_string json_extract_scalar json_value json_extract_path json_extract_path_text -> ->> json_type
  json_array_length json_keys json_exists json_contains json_array_contains json_valid count count_star approx_count_distinct
  approx_distinct length len strlen octet_length md5 sha1 sha256 hash contains strpos starts_with ends_with regexp_matches
  regexp_like regexp_full_match ~~ !~~ ~~* !~~* like_escape not_like_escape ilike_escape not_ilike_escape`.split(/\s+/),
);

export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...ANALYST_FUNCTIONS.trim().split(/\s+/),
  ...TRINO_COMPAT_MACROS.map((m) => m.name),
]);

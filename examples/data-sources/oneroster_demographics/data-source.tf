data "oneroster_demographics" "sample" {
  max_items = 10
}

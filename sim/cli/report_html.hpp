// `gridplan report`'s page: one self-contained HTML file (styles, sortable tables, Chart.js and
// the charts' data inline), so that it opens offline and can be mailed as one attachment.
#pragma once

#include <string>
#include <vector>

namespace gridplan::cli::report {

/// Text made safe inside HTML elements and attributes.
std::string escape(const std::string& text);
/// A JSON string literal, safe inside a <script> element too ("</" is written "<\/").
std::string json_string(const std::string& text);
/// A JSON number; null for NaN and infinities (Chart.js leaves a gap).
std::string json_number(double value);
/// A JSON array of numbers or of strings.
std::string json_numbers(const std::vector<double>& values);
std::string json_strings(const std::vector<std::string>& values);

/// One cell of a table: the text shown and, for numbers, the value sorted by (NaN: none).
struct Cell {
  std::string text;
  double sort_value;
  Cell(std::string t);
  Cell(const char* t);
  Cell(std::string t, double v) : text(std::move(t)), sort_value(v) {}
};

/// One line series of a chart, or with `shade` a band behind the lines: a light bar on each
/// label whose value is finite (e.g. the holidays of a daily chart).
struct Series {
  std::string label;
  std::vector<double> values;
  bool dashed = false;
  bool shade = false;
  std::string color = {};  ///< CSS colour; empty: the page's palette
};

/// A page being built, section by section, in the order shown.
class Page {
 public:
  explicit Page(std::string title) : title_(std::move(title)) {}
  void heading(const std::string& text);    ///< a section title (h2)
  void paragraph(const std::string& text);  ///< plain text, escaped
  void raw(const std::string& html);        ///< trusted HTML
  void definitions(const std::vector<std::pair<std::string, std::string>>& rows);
  /// A table whose header cells sort it when clicked; `id` names it for tests (may be empty).
  void table(const std::string& id, const std::vector<std::string>& header,
             const std::vector<std::vector<Cell>>& rows);
  /// A chart from a Chart.js configuration (JSON text), `height` pixels high (width 1000).
  /// With `choices`, the configuration holds "choices", one array of datasets per choice, and
  /// a drop-down list of `choices` above the chart swaps them in; the first is drawn first.
  void chart(const std::string& title, const std::string& config,
             const std::vector<std::string>& choices = {}, int height = 360);
  /// A line chart: one series per line over `labels`, left axis titled `y_title`.
  void line_chart(const std::string& title, const std::vector<std::string>& labels,
                  const std::vector<Series>& series, const std::string& x_title,
                  const std::string& y_title);
  /// The datasets of line_chart, as a JSON array.
  static std::string line_datasets(const std::vector<Series>& series);
  int charts() const { return charts_; }

  /// The whole document, with `chart_js` (the library's text) inlined.
  std::string html(const std::string& chart_js) const;

 private:
  std::string title_;
  std::string body_;
  std::string configs_;  // JSON array items, one per chart
  int charts_ = 0;
};

/// The text of Chart.js as Debian's libjs-chart.js ships it (path found when gridplan was
/// built); std::runtime_error naming the path and the package if it cannot be read.
std::string read_chart_js();

}  // namespace gridplan::cli::report

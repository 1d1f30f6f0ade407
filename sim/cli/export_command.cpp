// `gridplan export`: one table of a result file as CSV (RFC 4180, LF line ends, UTF-8), for a
// spreadsheet or pandas: a header of column names, optionally one of units, one line per row.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "gridplan/io/did_you_mean.hpp"
#include "gridplan/io/hdf5_writer.hpp"

namespace gridplan::cli {

namespace {

namespace po = boost::program_options;
using kernel::Column;

const char* const kUsage =
    "Usage: gridplan export FILE.h5 --table NAME [--columns A,B] [--where 'COLUMN OP VALUE']\n"
    "                       [--units] [--out FILE.csv]\n\n"
    "Writes one table of a result file as CSV (RFC 4180): UTF-8, lines ended by LF, a header of\n"
    "column names (with --units, a second line of units), one line per row. Fields holding a\n"
    "comma, a double quote or a line break are double-quoted, inner quotes doubled. Numbers are\n"
    "written exactly (the shortest text that reads back as the same double); NaN is an empty\n"
    "field. --where keeps the rows where COLUMN OP VALUE holds, OP one of == != < <= > >=,\n"
    "VALUE a number or a double-quoted string, e.g. --where 'name == \"heyuan\"'. Without\n"
    "--out the CSV goes to stdout. An unknown table or column is exit code 2.";

/// A parsed --where.
struct Filter {
  std::string column;
  std::string op;
  bool is_text = false;
  std::string text;
  double number = 0;
};

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

Filter parse_where(const std::string& where) {
  const std::string bad = "--where '" + where +
                          "': expected COLUMN OP VALUE, OP one of == != < <= > >=, VALUE a "
                          "number or a double-quoted string";
  const std::size_t at = where.find_first_of("=!<>");
  if (at == std::string::npos) throw UsageError(bad);
  Filter f;
  f.column = trim(where.substr(0, at));
  std::size_t rest = at + 1;
  if (rest < where.size() && where[rest] == '=') ++rest;
  f.op = where.substr(at, rest - at);
  if (f.op != "==" && f.op != "!=" && f.op != "<" && f.op != "<=" && f.op != ">" && f.op != ">=")
    throw UsageError(bad);
  const std::string value = trim(where.substr(rest));
  if (f.column.empty() || f.column.find_first_of(" \t") != std::string::npos || value.empty())
    throw UsageError(bad);
  if (value.front() == '"') {
    if (value.size() < 2 || value.back() != '"') throw UsageError(bad);
    f.is_text = true;
    // Inside the quotes, \" and "" stand for one quote and \\ for a backslash.
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
      char c = value[i];
      if ((c == '\\' || c == '"') && i + 2 < value.size() &&
          (value[i + 1] == '"' || (c == '\\' && value[i + 1] == '\\')))
        c = value[++i];
      f.text += c;
    }
    return f;
  }
  const char* begin = value.c_str();
  char* end = nullptr;
  f.number = std::strtod(begin, &end);
  if (end != begin + value.size()) throw UsageError(bad);
  return f;
}

template <class T>
bool holds(const T& a, const std::string& op, const T& b) {
  if (op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  return a >= b;
}

/// A field as RFC 4180 wants it: quoted if it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

/// Shortest round-trip text of a double; NaN empty, infinities "inf" and "-inf".
std::string exact(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

std::string cell(const Column& c, std::size_t row) {
  switch (c.type) {
    case Column::Type::kInt64:
      return std::to_string(c.i64[row]);
    case Column::Type::kString:
      return csv_field(c.str[row]);
    case Column::Type::kFloat64:
      break;
  }
  return exact(c.f64[row]);
}

std::vector<std::string> names_of(const kernel::Table& table) {
  std::vector<std::string> names;
  for (const Column& c : table.columns) names.push_back(c.name);
  return names;
}

const Column& find_column(const kernel::Table& table, const std::string& name,
                          const std::string& what) {
  for (const Column& c : table.columns)
    if (c.name == name) return c;
  throw UsageError(what + ": table '" + table.name + "' has no column '" + name + "'" +
                   io::did_you_mean(name, names_of(table)));
}

}  // namespace

std::string table_as_csv(const kernel::Table& table, const std::vector<std::string>& columns,
                         const std::string& where, bool units) {
  std::vector<const Column*> chosen;
  if (columns.empty())
    for (const Column& c : table.columns) chosen.push_back(&c);
  for (const std::string& name : columns) chosen.push_back(&find_column(table, name, "--columns"));
  std::optional<Filter> filter;
  const Column* filtered = nullptr;
  if (!where.empty()) {
    filter = parse_where(where);
    filtered = &find_column(table, filter->column, "--where");
    if ((filtered->type == Column::Type::kString) != filter->is_text)
      throw UsageError("--where '" + where + "': column '" + filter->column + "' holds " +
                       (filter->is_text ? "numbers: compare it with a number"
                                        : "text: compare it with a double-quoted string"));
  }
  std::string csv;
  auto line = [&](auto text_of) {
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      if (i) csv += ',';
      csv += text_of(*chosen[i]);
    }
    csv += '\n';
  };
  line([](const Column& c) { return csv_field(c.name); });
  if (units) line([](const Column& c) { return csv_field(c.unit); });
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (filter) {
      bool keep = false;
      switch (filtered->type) {
        case Column::Type::kString:
          keep = holds(filtered->str[r], filter->op, filter->text);
          break;
        case Column::Type::kInt64:
          keep = holds(static_cast<double>(filtered->i64[r]), filter->op, filter->number);
          break;
        case Column::Type::kFloat64:
          keep = holds(filtered->f64[r], filter->op, filter->number);
          break;
      }
      if (!keep) continue;
    }
    line([r](const Column& c) { return cell(c, r); });
  }
  return csv;
}

int export_command(const Invocation& invocation) {
  std::string table_name, columns_text, where;
  bool units = false, verbose = false;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help")(
      "table", po::value<std::string>(&table_name),
      "the table to write (e.g. kpi, departments, timeseries/daily)")(
      "columns", po::value<std::string>(&columns_text),
      "A,B,...: only these columns, in this order (default every column)")(
      "where", po::value<std::string>(&where),
      "'COLUMN OP VALUE': only the rows where it holds (OP == != < <= > >=; VALUE a number or "
      "a \"quoted\" string)")("units", po::bool_switch(&units),
                              "a second header line with each column's unit")(
      "out", po::value<std::string>(),
      "write FILE.csv (replaced whole, never one of the inputs) instead of stdout")(
      "verbose", po::bool_switch(&verbose),
      "print HDF5's own diagnostics (its error stack) if the file cannot be read");
  po::variables_map vm;
  if (!parse_options(invocation, kUsage, options, "FILE", vm)) return kExitOk;
  io::set_hdf5_diagnostics(verbose);
  const std::string path = vm["FILE"].as<std::string>();
  require_input_file(path);
  if (!table_name.empty() && table_name.front() == '/') table_name.erase(0, 1);  // "/kpi"
  if (table_name.empty()) throw UsageError("name the table with --table NAME (see --help)");
  std::vector<std::string> columns;
  if (vm.count("columns")) {
    std::size_t from = 0;
    while (true) {
      const std::size_t comma = columns_text.find(',', from);
      const std::string name = trim(columns_text.substr(from, comma - from));
      if (name.empty()) throw UsageError("--columns '" + columns_text + "': an empty column name");
      columns.push_back(name);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  }
  if (!where.empty()) parse_where(where);  // a bad --where before the file is read
  std::optional<std::string> out;
  io::InputFiles inputs;
  inputs.add(path);
  if (vm.count("out")) out = output_path(vm["out"].as<std::string>(), "", inputs);

  const io::ResultFile file =
      io::read_result_file(path, [&](const std::string& name) { return name == table_name; });
  if (!file.lists(table_name)) {
    std::string list;
    for (const std::string& name : file.names) {
      if (!list.empty()) list += ", ";
      list += name;
    }
    std::string hint = io::did_you_mean(table_name, file.names);
    if (hint.rfind(" (did you mean", 0) != 0) hint.clear();
    throw UsageError(path + " has no table '" + table_name + "'" + hint + "; tables: " + list);
  }
  const std::string csv = table_as_csv(file.table(table_name), columns, where, units);
  if (out) {
    io::OutputFile output(*out);
    output.write(csv);
    output.commit();
  } else {
    std::cout << csv << std::flush;
  }
  return kExitOk;
}

}  // namespace gridplan::cli

// What the bad-input tests that run the gridplan program share: the captured result of one
// invocation, file and shell helpers, and an edit of one line of a scenario text.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace gridplan::bad_input {

/// What one CLI invocation did.
struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// `text` in single quotes for /bin/sh.
inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// A scenario text with one line replaced, and that line's number (1-based).
struct EditedScenario {
  std::string text;
  int line = 0;
};

/// Replaces the first line matching `key_pattern` that comes after the first line matching
/// `section_pattern` (empty: from the top) with `new_line`; fails the test if there is none.
inline EditedScenario replace_line(const std::string& text, const std::string& section_pattern,
                                   const std::string& key_pattern, const std::string& new_line) {
  std::istringstream in(text);
  EditedScenario edited;
  bool in_section = section_pattern.empty();
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!in_section && std::regex_search(line, std::regex(section_pattern))) in_section = true;
    if (in_section && edited.line == 0 && std::regex_search(line, std::regex(key_pattern))) {
      edited.line = number;
      line = new_line;
    }
    edited.text += line + '\n';
  }
  EXPECT_NE(edited.line, 0) << "no line /" << key_pattern << "/ after /" << section_pattern
                            << "/ in the baseline scenario";
  return edited;
}

}  // namespace gridplan::bad_input

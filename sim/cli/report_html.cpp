// The report page's frame: styles (screen and print), the sortable tables' and the charts' script
// and Chart.js itself, all inline: the page must open with no network and no other file.
#include "report_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#ifndef GRIDPLAN_CHARTJS_PATH
#define GRIDPLAN_CHARTJS_PATH "/usr/share/javascript/chart.js/chart.min.js"
#endif

namespace gridplan::cli::report {

namespace {

// Print: no buttons' cursor, tables and charts kept whole on a page, charts shrunk to the width.
constexpr const char* kStyle = R"(
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
.wide{overflow-x:auto}
th,td{border:1px solid #ddd;padding:.2em .5em;text-align:right}
th{background:#f2f2f2;cursor:pointer;user-select:none}
th[data-dir=asc]::after{content:" \25B2"}th[data-dir=desc]::after{content:" \25BC"}
td:first-child,th:first-child{text-align:left}
dl.prov{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;font-size:.9em}
dl.prov dt{font-weight:600}dl.prov dd{margin:0;white-space:pre-wrap;word-break:break-all}
figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}
select.choice{margin-bottom:.3em}
canvas{max-width:100%;height:auto!important}
#report-status{font-size:.8em;color:#888}
.yes{color:#b00;font-weight:600}
@media print{body{max-width:none;margin:0}th{cursor:auto}figure,table{page-break-inside:avoid}
h2{page-break-after:avoid}#report-status{display:none}.wide{overflow:visible}
table{font-size:.75em}}
)";

// Renders every chart (no animation: drawn at once), then reports in #report-status what a
// headless browser test reads: "ok N charts" only if every canvas holds drawn pixels and data.
// Keys of a configuration beside Chart.js's: "choices" (Page::chart), "points" (mark the points
// of lines), "tips" of a dataset (one tooltip text per point), "color" of a dataset.
constexpr const char* kScript = R"(
(function(){
var st=document.getElementById('report-status'),failed=null;
function fail(m){failed=failed||String(m);st.textContent='error: '+failed;}
window.addEventListener('error',function(e){fail(e.message);});
document.querySelectorAll('table.sortable th').forEach(function(th){
 th.addEventListener('click',function(){
  var tb=th.closest('table').tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
  var asc=th.getAttribute('data-dir')!=='asc';
  th.parentNode.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-dir');});
  th.setAttribute('data-dir',asc?'asc':'desc');
  function key(c){return c.hasAttribute('data-v')?parseFloat(c.getAttribute('data-v')):null;}
  var rows=Array.prototype.slice.call(tb.rows);
  rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]),r;
   if(x!==null&&y!==null)r=x-y;else if(x!==null||y!==null)r=x===null?-1:1;
   else r=a.cells[i].textContent.localeCompare(b.cells[i].textContent);return asc?r:-r;});
  rows.forEach(function(r){tb.appendChild(r);});});});
try{
 var cfgs=JSON.parse(document.getElementById('report-charts').textContent),ok=0;
 var colors=['#1f77b4','#d62728','#2ca02c','#ff7f0e','#9467bd','#8c564b','#e377c2','#7f7f7f',
  '#bcbd22','#17becf','#393b79','#637939','#8c6d31','#843c39','#7b4173','#3182bd'];
 function prep(c,sets){sets.forEach(function(d,k){var col=d.color||colors[k%colors.length];
   if(!d.borderColor)d.borderColor=col;if(!d.backgroundColor)d.backgroundColor=col;
   if(d.pointRadius===undefined)d.pointRadius=(d.type||c.type)==='line'&&!c.points?0:3;if(d.borderWidth===undefined)d.borderWidth=2;
   if((d.type||c.type)==='bar'&&d.skipNull===undefined)d.skipNull=true;});return sets;}
 function tip(x){return x.dataset.tips[x.dataIndex];}
 cfgs.forEach(function(c,i){
  c.options=c.options||{};c.options.animation=false;c.options.responsive=false;
  if(c.choices)c.data.datasets=c.choices[0];
  // Datasets with "tips" (e.g. the grids of a map) name each point in the tooltip.
  if((c.choices||[c.data.datasets]).some(function(s){return s.some(function(d){return d.tips;});})){
   c.options.plugins=c.options.plugins||{};c.options.plugins.tooltip={callbacks:{label:tip}};}
  var cv=document.getElementById('chart-'+i),chart=new Chart(cv.getContext('2d'),(prep(c,c.data.datasets),c));
  var sel=document.querySelector('select[data-chart="'+i+'"]');
  if(sel)sel.addEventListener('change',function(){chart.data.datasets=prep(c,c.choices[sel.value]);chart.update();});
  var px=cv.getContext('2d').getImageData(0,0,cv.width,cv.height).data,drawn=0;
  for(var p=3;p<px.length;p+=4)if(px[p]>0){drawn++;if(drawn>100)break;}
  var data=chart.data.datasets.some(function(d){return d.yAxisID!=='shade'&&d.data.some(function(v){
   var y=(v!==null&&typeof v==='object')?(Array.isArray(v)?v[1]:v.y):v;return y!==null&&isFinite(y);});});
  if(drawn>100&&data)ok++;else fail('chart '+i+' ('+(c.title||'')+') is empty');});
 if(!failed)st.textContent='ok '+ok+' charts';
}catch(e){fail(e);}
})();
)";

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '/' && i > 0 && text[i - 1] == '<') {
      out += "\\/";
    } else if (c < 0x20) {
      char code[8];
      std::snprintf(code, sizeof code, "\\u%04x", c);
      out += code;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string json_numbers(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += json_number(values[i]);
  }
  return out + "]";
}

std::string json_strings(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += json_string(values[i]);
  }
  return out + "]";
}

Cell::Cell(std::string t) : text(std::move(t)), sort_value(std::nan("")) {}
Cell::Cell(const char* t) : Cell(std::string(t)) {}

void Page::heading(const std::string& text) {
  body_ += "<h2>" + escape(text) + "</h2>\n";
}

void Page::paragraph(const std::string& text) {
  body_ += "<p>" + escape(text) + "</p>\n";
}

void Page::raw(const std::string& html) {
  body_ += html;
}

void Page::definitions(const std::vector<std::pair<std::string, std::string>>& rows) {
  body_ += "<dl class=\"prov\">\n";
  for (const auto& [term, value] : rows)
    body_ += "<dt>" + escape(term) + "</dt><dd>" + escape(value) + "</dd>\n";
  body_ += "</dl>\n";
}

void Page::table(const std::string& id, const std::vector<std::string>& header,
                 const std::vector<std::vector<Cell>>& rows) {
  // Wide tables (many points or files) scroll on screen rather than widen the page.
  body_ += "<div class=\"wide\"><table class=\"sortable\"";
  if (!id.empty()) body_ += " id=\"" + escape(id) + "\"";
  body_ += "><thead><tr>";
  for (const std::string& h : header) body_ += "<th>" + escape(h) + "</th>";
  body_ += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    body_ += "<tr>";
    for (const Cell& cell : row) {
      body_ += "<td";
      if (std::isfinite(cell.sort_value))
        body_ += " data-v=\"" + json_number(cell.sort_value) + "\"";
      body_ += '>';
      body_ += escape(cell.text);
      body_ += "</td>";
    }
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table></div>\n";
}

void Page::chart(const std::string& title, const std::string& config,
                 const std::vector<std::string>& choices, int height) {
  // Chart.js ignores the extra "title" key; the script names a failed chart by it.
  if (charts_) configs_ += ",\n";
  configs_ += config.substr(0, config.size() - 1) + ",\"title\":" + json_string(title) + "}";
  const std::string id = std::to_string(charts_);
  body_ += "<figure><figcaption>" + escape(title) + "</figcaption>";
  if (!choices.empty()) {
    body_ += "<select class=\"choice\" data-chart=\"" + id + "\">";
    for (std::size_t i = 0; i < choices.size(); ++i)
      body_ += "<option value=\"" + std::to_string(i) + "\">" + escape(choices[i]) + "</option>";
    body_ += "</select>";
  }
  body_ += "<canvas id=\"chart-" + id + "\" width=\"1000\" height=\"" + std::to_string(height) +
           "\"></canvas></figure>\n";
  ++charts_;
}

std::string Page::line_datasets(const std::vector<Series>& series) {
  std::string sets;
  for (const Series& s : series) {
    if (!sets.empty()) sets += ',';
    sets +=
        std::string("{\"label\":") + json_string(s.label) + ",\"data\":" + json_numbers(s.values);
    if (!s.color.empty()) sets += ",\"color\":" + json_string(s.color);
    // A band: a full-width bar on a hidden 0..1 axis, behind the lines (higher order).
    if (s.shade)
      sets +=
          ",\"type\":\"bar\",\"yAxisID\":\"shade\",\"grouped\":false,\"barPercentage\":1,"
          "\"categoryPercentage\":1,\"borderWidth\":0,\"order\":10";
    else
      sets += std::string(",\"fill\":false") + (s.dashed ? ",\"borderDash\":[6,4]" : "");
    sets += "}";
  }
  return "[" + sets + "]";
}

void Page::line_chart(const std::string& title, const std::vector<std::string>& labels,
                      const std::vector<Series>& series, const std::string& x_title,
                      const std::string& y_title) {
  const bool shaded =
      std::any_of(series.begin(), series.end(), [](const Series& s) { return s.shade; });
  chart(title, "{\"type\":\"line\",\"data\":{\"labels\":" + json_strings(labels) +
                   ",\"datasets\":" + line_datasets(series) +
                   "},\"options\":{\"scales\":{\"x\":{\"title\":{\"display\":true,\"text\":" +
                   json_string(x_title) +
                   "}},\"y\":{\"beginAtZero\":true,\"title\":{\"display\":true,\"text\":" +
                   json_string(y_title) + "}}" +
                   (shaded ? ",\"shade\":{\"display\":false,\"min\":0,\"max\":1}" : "") + "}}}");
}

std::string Page::html(const std::string& chart_js) const {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
         escape(title_) + "</title>\n<style>" + kStyle + "</style>\n</head><body>\n<h1>" +
         escape(title_) +
         "</h1>\n<div id=\"report-status\">error: the charts' script did not run</div>\n" + body_ +
         "<script type=\"application/json\" id=\"report-charts\">[" + configs_ +
         "]</script>\n<script>\n" + chart_js + "\n</script>\n<script>" + kScript +
         "</script>\n</body></html>\n";
}

std::string read_chart_js() {
  const std::string path = GRIDPLAN_CHARTJS_PATH;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().empty())
    throw std::runtime_error("cannot read Chart.js at " + path +
                             " (install Debian's libjs-chart.js: apt-get install libjs-chart.js)");
  return text.str();
}

}  // namespace gridplan::cli::report

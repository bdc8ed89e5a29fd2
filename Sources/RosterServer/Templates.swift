/// The pages, server-rendered with Mustache: plain HTML forms (no script needed for any of
/// it), one stylesheet inline (no font, script or CDN from outside: the machine may have no
/// internet), readable on a phone. `{{x}}` is HTML-escaped; nothing user-supplied is ever
/// rendered with `{{{…}}}`.
enum Templates {
    static let all: [(name: String, text: String)] = [
        ("head", head), ("foot", foot), ("login", login), ("district", district), ("submission", submission), ("city", city),
        ("claims", claims), ("ran", ran), ("message", message),
    ]

    static let head = #"""
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · 劳模帮扶名册报送</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#222;background:#f6f7f9;line-height:1.5}
header{background:#a4262c;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header a{color:#fff}
header form{margin:0}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin-bottom:1rem}
.figures{display:flex;flex-wrap:wrap;gap:1rem}
.figures div{min-width:7rem}
.figures b{display:block;font-size:1.4rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top;white-space:nowrap}
td.msg{white-space:normal;min-width:16rem;color:#a4262c}
th{background:#eee}
td.fault{background:#ffc7ce;font-weight:bold}
.warn{background:#fff4ce}
.status-clean{color:#1b7a31;font-weight:bold}
.status-errors{color:#b35900;font-weight:bold}
.status-blocked,.status-missing{color:#a4262c;font-weight:bold}
.muted{color:#666}
.error{background:#ffe5e5;border:1px solid #e0a0a0;padding:.6rem;border-radius:4px}
input,button{font:inherit;padding:.45rem .7rem}
button{background:#a4262c;color:#fff;border:0;border-radius:4px;cursor:pointer}
label{display:block;margin:.5rem 0 .2rem}
.drop{border:2px dashed #bbb;border-radius:6px;padding:1rem;text-align:center}
.drop.over{border-color:#a4262c;background:#fff0f0}
@media (max-width:600px){main{padding:.5rem}th,td{font-size:.85rem}}
</style>
</head>
<body>
<header>
<strong>劳模帮扶名册报送</strong>
{{#user}}<span>{{name}}（{{roleLabel}}） <form method="post" action="/logout" style="display:inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">退出</button></form></span>{{/user}}
</header>
<main>
"""#

    static let foot = #"""
</main>
</body>
</html>
"""#

    static let login = #"""
{{> head}}
<h1>登录</h1>
<div class="card">
{{#error}}<p class="error">{{error}}</p>{{/error}}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{{loginToken}}">
<label for="name">账号（区县名称或 city）</label>
<input id="name" name="name" autocomplete="username" required value="{{{name}}}">
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">登录</button></p>
</form>
</div>
{{> foot}}
"""#

    static let district = #"""
{{> head}}
<h1>{{district}} · {{programme}}</h1>
<div class="card">
<h2>报送花名册</h2>
{{#error}}<p class="error">{{error}}</p>{{/error}}
<form method="post" action="/district/upload" enctype="multipart/form-data" id="upload">
<input type="hidden" name="csrf" value="{{csrf}}">
<div class="drop" id="drop">
<label for="file">选择花名册文件（.xlsx 或 .csv，不超过 {{limitMiB}} MB）</label>
<input id="file" name="file" type="file" accept=".xlsx,.csv" required>
</div>
<p><button type="submit">上传并检查</button></p>
</form>
<p class="muted">新上传的文件将取代此前报送的文件。检查结果与市总工会审核结果一致。</p>
</div>
{{#latest}}
<div class="card">
<h2>最近一次报送</h2>
<p><a href="/submissions/{{id}}">{{originalName}}</a>（{{uploadedAt}}）：<span class="status-{{status}}">{{statusLabel}}</span></p>
<div class="figures"><div>行数<b>{{rows}}</b></div><div>通过<b>{{passed}}</b></div><div>退回<b>{{returned}}</b></div><div>通过金额（元）<b>{{passedYuan}}</b></div></div>
</div>
{{/latest}}
<h2>报送记录</h2>
<div class="scroll"><table>
<tr><th>编号</th><th>时间</th><th>文件</th><th>结果</th><th>行数</th><th>通过</th><th>退回</th><th>通过金额（元）</th><th></th></tr>
{{#history}}<tr><td><a href="/submissions/{{id}}">{{id}}</a></td><td>{{uploadedAt}}</td><td>{{originalName}}</td><td class="status-{{status}}">{{statusLabel}}</td><td>{{rows}}</td><td>{{passed}}</td><td>{{returned}}</td><td>{{passedYuan}}</td><td>{{#superseded}}已被取代{{/superseded}}</td></tr>{{/history}}
{{^history}}<tr><td colspan="9" class="muted">尚未报送。</td></tr>{{/history}}
</table></div>
<script>
(function(){var d=document.getElementById('drop'),f=document.getElementById('file');if(!d||!f||!window.DataTransfer)return;
['dragenter','dragover'].forEach(function(e){d.addEventListener(e,function(v){v.preventDefault();d.classList.add('over');});});
['dragleave','drop'].forEach(function(e){d.addEventListener(e,function(v){v.preventDefault();d.classList.remove('over');});});
d.addEventListener('drop',function(v){if(v.dataTransfer.files.length){f.files=v.dataTransfer.files;}});})();
</script>
{{> foot}}
"""#

    static let submission = #"""
{{> head}}
<h1>{{district}} · 报送 {{id}}</h1>
<p class="muted">{{originalName}}，{{uploadedAt}}{{#superseded}}，已被更新的报送取代{{/superseded}}</p>
<div class="card">
<div class="figures"><div>行数<b>{{rows}}</b></div><div>通过<b>{{passed}}</b></div><div>退回<b>{{returned}}</b></div><div>通过金额（元）<b>{{passedYuan}}</b></div><div>退回金额（元）<b>{{returnedYuan}}</b></div></div>
<p><a href="/submissions/{{id}}/return.xlsx">下载退回表（Excel）</a>{{#backLink}} · <a href="{{backLink}}">返回</a>{{/backLink}}</p>
</div>
{{#hasFileProblems}}<div class="card error"><h2>整个文件的问题</h2><ul>{{#fileProblems}}<li>{{label}}：{{message}}</li>{{/fileProblems}}</ul></div>{{/hasFileProblems}}
<h2>退回的行（{{returned}}）</h2>
{{#hasReturned}}
<div class="scroll"><table id="returned">
<tr><th>行</th><th>原因</th>{{#headers}}<th>{{.}}</th>{{/headers}}</tr>
{{#returnedRows}}<tr><td>{{row}}</td><td class="msg">{{#messages}}{{.}}<br>{{/messages}}</td>{{#cells}}<td{{#fault}} class="fault"{{/fault}}>{{text}}</td>{{/cells}}</tr>{{/returnedRows}}
</table></div>
{{/hasReturned}}
{{^hasReturned}}<p class="status-clean">没有退回的行。</p>{{/hasReturned}}
<h2>提示（{{warningCount}}）</h2>
{{#hasWarnings}}<div class="scroll"><table><tr><th>位置</th><th>提示</th><th>说明</th></tr>{{#warnings}}<tr class="warn"><td>{{place}}</td><td>{{label}}</td><td class="msg">{{message}}</td></tr>{{/warnings}}</table></div>{{/hasWarnings}}
{{^hasWarnings}}<p class="muted">无。</p>{{/hasWarnings}}
{{> foot}}
"""#

    static let city = #"""
{{> head}}
<h1>各区县报送情况 · {{programme}}</h1>
<div class="scroll"><table id="districts">
<tr><th>区县</th><th>状态</th><th>报送</th><th>时间</th><th>行数</th><th>通过</th><th>退回</th><th>通过金额（元）</th></tr>
{{#districts}}<tr><td>{{district}}</td><td class="status-{{status}}">{{statusLabel}}</td><td>{{#id}}<a href="/submissions/{{id}}">{{id}}</a>{{/id}}</td><td>{{uploadedAt}}</td><td>{{rows}}</td><td>{{passed}}</td><td>{{returned}}</td><td>{{passedYuan}}</td></tr>{{/districts}}
<tr><th>合计</th><th>{{sentCount}} 个区县已报送</th><th></th><th></th><th>{{totalRows}}</th><th>{{totalPassed}}</th><th>{{totalReturned}}</th><th>{{totalPassedYuan}}</th></tr>
</table></div>
<p><a href="/city/claims">多个区县重复申报的人员</a></p>
<div class="card">
<h2>发放</h2>
<p>以各区县最新一次报送生成发放批次（与命令 <code>roster run --from-intake</code> 相同）。退回的行不发放，已发放过的人员不重复发放。</p>
{{#error}}<p class="error">{{error}}</p>{{/error}}
<form method="post" action="/city/run">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="date">发放日期（可不填，默认按项目）</label>
<input id="date" name="date" placeholder="YYYY-MM-DD" pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}">
<p><button type="submit">生成发放批次</button></p>
</form>
</div>
{{> foot}}
"""#

    static let claims = #"""
{{> head}}
<h1>多个区县重复申报的人员</h1>
<p><a href="/city">返回</a></p>
<div class="scroll"><table id="claims">
<tr><th>身份证号码</th><th>姓名</th><th>申报区县（报送编号、行）</th></tr>
{{#claims}}<tr><td>{{maskedId}}</td><td>{{name}}</td><td>{{#places}}{{district}}（<a href="/submissions/{{submission}}">{{submission}}</a>，第 {{row}} 行） {{/places}}</td></tr>{{/claims}}
{{^claims}}<tr><td colspan="3" class="muted">没有。</td></tr>{{/claims}}
</table></div>
{{> foot}}
"""#

    static let ran = #"""
{{> head}}
<h1>发放批次已生成</h1>
<div class="card">
<p>批次 <strong>{{batchId}}</strong>，输出目录 {{out}}</p>
<div class="figures"><div>行数<b>{{rows}}</b></div><div>发放人数<b>{{paidCount}}</b></div><div>发放金额（元）<b>{{paidYuan}}</b></div><div>退回行数<b>{{returnedCount}}</b></div><div>此前已发放<b>{{alreadyPaid}}</b></div></div>
<p><a href="/city">返回</a></p>
</div>
{{> foot}}
"""#

    static let message = #"""
{{> head}}
<h1>{{heading}}</h1>
<div class="card"><p class="error">{{text}}</p><p><a href="{{back}}">返回</a></p></div>
{{> foot}}
"""#
}

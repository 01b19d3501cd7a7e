{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>统计报表</h1>
    {{>NAV}}
  </div>
  <form method="get" action="/admin/reports" class="report-filter">
    <div class="field">
      <label for="batch">批次</label>
      <select id="batch" name="batch">
        {{#BATCH}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#CURRENT}}（当前批次）{{/CURRENT}}</option>
        {{/BATCH}}
      </select>
    </div>
    <p class="actions"><button type="submit" class="button">查看</button></p>
  </form>
</section>
<section class="panel">
  <h2>{{BATCH_NAME}}毕业申请统计（按区县、审批进度）</h2>
  <p class="hint" id="report-note">统计范围：{{AREA}}，{{BATCH_NAME}}批次已提交的毕业申请，不含未提交的草稿。按申请计数：考生预审未通过后重新申请的，第一次申请计入“预审未通过”，第二次申请按其审批进度另计一次；“其中重新申请”为第二次申请的数量，“考生人数”为不重复的考生人数。</p>
  {{#EMPTY}}<p class="hint">该批次在您的管辖范围内没有已提交的毕业申请。</p>{{/EMPTY}}
  {{#HAS_TABLE}}<div class="table-scroll" tabindex="0" role="region" aria-label="毕业申请统计表">
  <table class="data report">
    <thead>
      <tr><th scope="col">市</th><th scope="col">区县</th>{{#STATUS_HEAD}}<th scope="col" class="num">{{LABEL}}</th>{{/STATUS_HEAD}}<th scope="col" class="num">合计（申请数）</th><th scope="col" class="num">其中重新申请</th><th scope="col" class="num">考生人数</th><th scope="col">导出</th></tr>
    </thead>
    <tbody>
      {{#ROW}}<tr>
        <td>{{CITY}}</td><th scope="row">{{COUNTY}}</th>{{#CELL}}<td class="num">{{N}}</td>{{/CELL}}<td class="num">{{TOTAL}}</td><td class="num">{{REAPPLIED}}</td><td class="num">{{EXAMINEES}}</td><td><a href="{{CSV_HREF}}">CSV</a></td>
      </tr>{{/ROW}}
    </tbody>
    {{#FOOT}}<tfoot>
      <tr><th scope="row" colspan="2">合计</th>{{#CELL}}<td class="num">{{N}}</td>{{/CELL}}<td class="num">{{TOTAL}}</td><td class="num">{{REAPPLIED}}</td><td class="num">{{EXAMINEES}}</td><td></td></tr>
    </tfoot>{{/FOOT}}
  </table>
  </div>{{/HAS_TABLE}}
</section>
<section class="panel">
  <h2>导出申请名单（CSV）</h2>
  <form method="get" action="/admin/reports/applications.csv">
    <input type="hidden" name="batch" value="{{BATCH_ID}}">
    <div class="form-grid">
      <div class="field">
        <label for="status">审批进度</label>
        <select id="status" name="status">
          <option value="">全部</option>
          {{#STATUS_OPTION}}<option value="{{CODE}}">{{LABEL}}</option>
          {{/STATUS_OPTION}}
        </select>
      </div>
      <div class="field">
        <label for="county">毕业申请区县</label>
        <select id="county" name="county">
          <option value="">全部</option>
          {{#COUNTY_OPTION}}<option value="{{CODE}}">{{LABEL}}</option>
          {{/COUNTY_OPTION}}
        </select>
      </div>
    </div>
    <p class="hint">导出{{BATCH_NAME}}批次您管辖范围内已提交的申请，每份申请一行（两个申请专业以“；”分隔）；身份证号已部分隐藏。文件为 UTF-8 编码，可直接用 Excel 打开。每次导出均记入操作日志。</p>
    <p class="actions"><button type="submit" class="button primary">导出CSV</button></p>
  </form>
</section>

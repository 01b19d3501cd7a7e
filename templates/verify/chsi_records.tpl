{{%AUTOESCAPE context="HTML"}}<section class="panel chsi-records">
  <h1>山西省高等教育自学考试学信网已验证学历信息</h1>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  <div class="table-scroll" tabindex="0" role="region" aria-label="已验证学历信息表"><table class="data">
    <thead><tr><th>姓名</th><th>证件号码</th><th>院校名称</th><th>专业名称</th><th>层次</th><th>学习形式</th><th>学历类别</th><th>入学年份</th><th>毕业年份</th><th>毕业结论</th><th>学信网验证时间</th></tr></thead>
    <tbody>{{#RECORD}}<tr><td>{{NAME}}</td><td>{{ID_NUMBER}}</td><td>{{SCHOOL}}</td><td>{{MAJOR}}</td><td>{{LEVEL}}</td><td>{{STUDY_FORM}}</td><td>{{CATEGORY}}</td><td>{{ENTRY_YEAR}}</td><td>{{GRADUATION_YEAR}}</td><td>{{CONCLUSION}}</td><td>{{VERIFIED}}</td></tr>{{/RECORD}}
    {{#NO_RECORDS}}<tr><td colspan="11">暂无已验证的学历信息。请先在“学信网学历验证”页面获取学信网二维码并完成授权。</td></tr>{{/NO_RECORDS}}</tbody>
  </table></div>
  {{#BLOCKED}}<p class="form-error chsi-block" role="alert">{{BLOCK}}</p>{{/BLOCKED}}
  {{#ALLOWED}}<p class="form-success chsi-ok">前置学历信息与本人报考信息一致，可以申请本科毕业。</p>{{/ALLOWED}}
  <p class="hint print-hint" id="print-hint">打印：请使用浏览器的打印功能（Ctrl+P）打印本页。</p>
  <p class="actions no-print"><a class="button primary" href="#print-hint">打印</a> <a class="button" href="/">返回首页</a> <a class="button" href="/verify/chsi">学信网学历验证</a></p>
</section>

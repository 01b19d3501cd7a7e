{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>《毕业生登记表》已保存</h1>
  {{>STEPS}}
  <p class="form-success" role="status">登记表信息已保存。请下载《毕业生登记表》（PDF），用A4纸打印一式两份，本人签字后在规定时间内交回县（市、区）自考部门。</p>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  <p class="actions"><a class="button primary" href="/regform/pdf" download>下载《毕业生登记表》PDF</a></p>
  <p class="hint">最近导出：{{LAST_EXPORTED}}（共{{EXPORTS}}次）</p>
  <p class="hint">《毕业生登记表》一旦签字确认后（交回县区自考部门）将不得修改。{{#EDITABLE}}交回之前，可随时修改后重新导出。{{/EDITABLE}}</p>
  <p class="actions">{{#EDITABLE}}<a class="button" href="/regform">修改登记表</a> {{/EDITABLE}}<a class="button" href="/apply/status">毕业申请信息详情</a> <a class="button" href="/">返回首页</a></p>
</section>

{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>学信网（模拟）</h1>
  <p class="hint">开发与测试用的学信网模拟服务，正式环境由考生使用学信网 APP 扫码授权。</p>
  <p>山西省招生考试管理中心申请获取您的以下学历信息，用于自考本科毕业申请：</p>
  <div class="table-scroll" tabindex="0" role="region" aria-label="学历信息表"><table class="data">
    <thead><tr><th>姓名</th><th>证件号码</th><th>性别</th><th>院校名称</th><th>专业名称</th><th>层次</th><th>学习形式</th><th>学历类别</th><th>入学年份</th><th>毕业年份</th><th>毕业结论</th></tr></thead>
    <tbody>{{#RECORD}}<tr><td>{{NAME}}</td><td>{{ID_NUMBER}}</td><td>{{GENDER}}</td><td>{{SCHOOL}}</td><td>{{MAJOR}}</td><td>{{LEVEL}}</td><td>{{STUDY_FORM}}</td><td>{{CATEGORY}}</td><td>{{ENTRY_YEAR}}</td><td>{{GRADUATION_YEAR}}</td><td>{{CONCLUSION}}</td></tr>{{/RECORD}}
    {{#NO_RECORDS}}<tr><td colspan="11">学信网未查询到您的学历信息。</td></tr>{{/NO_RECORDS}}</tbody>
  </table></div>
  <form method="post" action="/chsi-sim/authorize">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="state" value="{{STATE}}">
    <div class="actions"><button type="submit" class="button primary">确认授权</button></div>
  </form>
</section>

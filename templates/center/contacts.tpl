{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>山西省各区县自考部门地址及联系方式</h1>
    <p class="panel-links"><a href="/">返回首页</a></p>
  </div>
  <p>身份认证、毕业照片人工审核、信息修改及毕业材料交回，请到报名所在县（市、区）的自考部门（招办）办理。</p>
  {{#PLACEHOLDERS}}<p class="form-error contacts-placeholders" role="note">注意：标有“待核实”的地址和电话为系统占位信息，尚未由当地自考部门确认，请以当地招办公布的为准。</p>{{/PLACEHOLDERS}}
  {{#EMPTY}}<p class="hint" role="status">暂无各区县自考部门信息。</p>{{/EMPTY}}
  <nav aria-label="按市查找"><ul class="query-links city-links">
    {{#CITY_LINK}}<li><a href="#city-{{CITY_CODE}}">{{CITY_NAME}}</a></li>{{/CITY_LINK}}
  </ul></nav>
</section>
{{#CITY}}<section class="panel contacts-city" id="city-{{CITY_CODE}}">
  <h2>{{CITY_NAME}}</h2>
  <ul class="tiles contacts">
    {{#OFFICE}}<li class="tile county-office" id="county-{{COUNTY_CODE}}">
      <h3>{{COUNTY_NAME}}</h3>
      <p class="office-name">{{OFFICE_NAME}}</p>
      <p class="office-address">地址：{{ADDRESS}}</p>
      <p class="office-phone">电话：{{PHONE}}</p>
      {{#HAS_HOURS}}<p class="office-hours">办公时间：{{HOURS}}</p>{{/HAS_HOURS}}
      {{#UNCONFIRMED}}<p class="hint">（待核实）</p>{{/UNCONFIRMED}}
    </li>{{/OFFICE}}
  </ul>
</section>{{/CITY}}

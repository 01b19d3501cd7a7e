{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>山西省高等教育自学考试学信网学历验证</h1>
  <p>考生提前下载并实名认证登录“学信网 APP”，点击“获取学信网二维码”，并使用学信网 APP 扫描此页面二维码，完成本人学历验证授权。</p>
  <p class="hint">提示：务必确认本人前置学历信息与现申请自考本科的姓名、身份证号、性别等信息完全一致，方可进行毕业申请。核对无误后请授权向山西省招生考试管理中心发送用于自考本科毕业申请所需的前置学历信息。如信息不一致请尽早联系市（县、区）招办线下办理。</p>
  {{#NONE}}<p class="status-line wait" role="status">尚未进行学信网学历验证。</p>{{/NONE}}
  {{#EXPIRED}}<p class="status-line wait" role="status">上次获取的学信网二维码已失效，请重新获取。</p>{{/EXPIRED}}
  {{#COMPLETED}}<p class="status-line ok" role="status">验证完成（{{COMPLETED_AT}}）。点击“查看已验证学历信息”查看本人已验证的学历信息。</p>{{/COMPLETED}}
  {{#PENDING}}<p class="status-line wait" role="status">等待学信网授权：请使用学信网 APP 扫描下方二维码（{{EXPIRES}} 前有效）。</p>
  <figure class="chsi-qr">{{QR_SVG:none}}<figcaption>学信网二维码</figcaption></figure>
  <p class="hint">开发与测试环境：没有手机时可直接打开 <a href="{{SIM_URL}}" class="chsi-sim-link">学信网（模拟）授权页面</a>。</p>{{/PENDING}}
  <form method="post" action="/verify/chsi" class="inline-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="button primary">获取学信网二维码</button>
  </form>
  <a class="button" href="/verify/chsi/records">查看已验证学历信息</a>
  <a class="button" href="/">返回首页</a>
</section>
<section class="panel">
  <h2>提示：</h2>
  <ul>
    <li>1、申请自学考试本科学历的考生须授权验证其前置学历，授权完成后，返回本人登录首页方可进行自考毕业网上申请。</li>
    <li>2、考生须提前下载并实名认证登录“学信网APP”，点击右上角扫描此页面二维码，完成本人学历验证授权。</li>
    <li>3、务必确认本人前置学历信息与现申请自考本科的姓名、身份证号、性别等信息完全一致，方可进行毕业申请。核对无误后请授权向山西省招生考试管理中心发送用于自考本科毕业申请所需的前置学历信息。如信息不一致请尽早联系市（县、区）招办线下办理。</li>
  </ul>
  <p>本人学历验证授权完成后，点击“查看已验证学历信息”，查看考生本人已验证的学历信息。</p>
</section>

{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>山西省高等教育自学考试毕业证书电子注册图像采集</h1>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  {{#HAS_PAGE_ERROR}}<p class="form-error" role="alert">{{PAGE_ERROR}}</p>{{/HAS_PAGE_ERROR}}
  {{#NOT_SUBMITTED}}<p class="status-line wait" role="status">请先提交毕业申请，提交成功后方可进行毕业证书电子注册图像采集。</p>
  <p class="actions"><a class="button primary" href="/apply/status">查看毕业申请信息详情</a></p>{{/NOT_SUBMITTED}}
  {{#VERIFIED}}<p class="status-line ok" role="status">毕业照片已认证（照片已认证）。请返回个人中心关注审批进度，系统审核或县区招办预审通过后即可支付。</p>{{/VERIFIED}}
  {{#WAITING}}<p class="status-line wait" role="status">毕业照片人工审核中：{{WAITING_REASON}}</p>{{/WAITING}}
  {{#REFUSED}}<p class="status-line bad" role="status">毕业照片认证未通过（{{BY}}）。</p><p>不通过原因：{{REASON}}</p><p>请按原因重新拍摄后上传。</p>{{/REFUSED}}
  {{#PHOTO}}<figure class="graduation-photo">
    <img src="/photo/view/{{ATTEMPT_ID}}" alt="毕业照片（{{CREATED}}上传，480×640）" width="240" height="320">
    <figcaption>毕业照片（{{CREATED}}上传，已转换为学历电子注册格式 480×640）<br><a href="/photo/view/{{ATTEMPT_ID}}">查看考生毕业照</a></figcaption>
  </figure>{{/PHOTO}}
</section>
{{#UPLOAD}}<section class="panel">
  <h2>上传毕业照片</h2>
  <form method="post" action="/photo" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="photo">毕业照上传（蓝底、白底、白灰底照片）</label>
      <input id="photo" name="photo" type="file" accept="image/jpeg,image/png" required{{#HAS_ERROR}} aria-invalid="true" aria-describedby="photo-error"{{/HAS_ERROR}}>
      {{#HAS_ERROR}}<p class="field-error" id="photo-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button primary">上传并认证</button></div>
  </form>
</section>{{/UPLOAD}}
<section class="panel">
  <h2>上传说明</h2>
  <ol class="notes">
    <li>本次采集的照片将生成毕业生图像，毕业生图像是自学考试毕业证书电子注册信息的关键组成部分，请考生严肃对待，务必按照采集要求和格式上传。</li>
    <li>照片采集要求：(1)毕业考生须上传本人近期（一般为毕业前一年以内）正面免冠彩色头像的电子图像文件。使用浅蓝色、白色或浅灰色背景。(2)图像应真实表达毕业考生本人相貌。禁止对图像整体或局部进行镜像、旋转等变换操作。不得对人像特征（如伤疤、痣、发型等）进行技术处理。(3)图像应对焦准确、层次清晰、色彩真实、无明显畸变。(4)除头像外，不得添加边框、文字、图案等其他内容。</li>
    <li>电子图像文件格式为png、jpg、jpeg，文件小于2M。</li>
    <li>若照片无法提交或提交后系统审核不通过，请网上毕业申请期间尽快到县（市、区）自考部门进行人工审核。<a href="/contacts">（点击查看：各县（区）自考部门地址及联系方式）</a></li>
  </ol>
  <p class="actions"><a class="button" href="/">返回个人中心确认并提交系统审核</a></p>
</section>

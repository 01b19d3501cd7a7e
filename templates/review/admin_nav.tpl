{{%AUTOESCAPE context="HTML"}}<p class="panel-links">{{#LINK}}<a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a> {{/LINK}}</p>
